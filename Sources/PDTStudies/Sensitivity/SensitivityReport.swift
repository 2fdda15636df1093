import Foundation
import PDTCore
import PDTNumerics

/// `indices.csv` of a sensitivity folder, from its `design.csv` and sidecar alone (so that a run
/// and a merge of its shards write the same bytes).
///
/// Sobol: `SobolTables.indices` (readout, parameter, S1, S1_conf, bounds, ST, ST_conf, bounds),
/// SALib's estimators (`SobolAnalysis`). Morris: readout, parameter, mu, mu_star, sigma,
/// mu_star_conf (`MorrisAnalysis`). Bootstrap resamples are drawn from the analysis seed.
///
/// Failed runs: the estimators need every run of the design (a missing A, B or A_B^(k) output
/// breaks every index that uses its base row, and dropping base rows would change the design's
/// balance), so a readout with a failed run gets empty index fields, as SALib's NaN; the command
/// lists the failed runs and exits with 6.
public enum SensitivityReport {
    public static let designName = "design.csv"
    public static let indicesName = "indices.csv"

    static func write(folder: String, sidecar: JSONOutput) throws {
        let entry = sidecar["sensitivity"]!
        let columns = sidecar["columns"]!.stringValues!
        let parameters = entry["parameters"]!.stringValues!
        let readouts = entry["readouts"]!.stringValues!
        let samples = entry["samples"]!.integerValue!
        var seed: UInt64 = 0
        switch entry["seed"] {
        case .integer(let i)?: seed = UInt64(i)
        case .string(let text)?: seed = UInt64(text) ?? 0
        default: break
        }
        let rows = try CohortReport.readRows(path: "\(folder)/\(designName)")
        func outputs(_ readout: String) -> [Double] {
            let column = columns.firstIndex(of: readout)!
            return rows.map { CohortReport.number($0[column]) ?? .nan }
        }
        let table: CSVTable
        if entry["method"] == .string("morris") {
            let design = MorrisDesign(
                dimensions: parameters.count, trajectories: samples, levels: entry["levels"]!.integerValue!, seed: seed)
            table = CSVTable(header: ["readout", "parameter", "mu", "mu_star", "sigma", "mu_star_conf"])
            var morris = table
            for readout in readouts {
                let indices = MorrisAnalysis.indices(design: design, outputs: outputs(readout), seed: seed)
                for (parameter, index) in zip(parameters, indices) {
                    morris.append(
                        [.text(readout), .text(parameter)]
                            + [index.mu, index.muStar, index.sigma, index.muStarConfidence].map(CohortReport.field))
                }
            }
            try AtomicOutput.write(morris.text, to: "\(folder)/\(indicesName)")
            return
        }
        table = SobolTables.indices(
            parameters: parameters,
            readouts: readouts.map { readout in
                (readout, SobolAnalysis.indices(outputs: outputs(readout), dimensions: parameters.count, seed: seed))
            })
        // Undefined indices are written as empty fields, not "nan".
        var withoutNaN = CSVTable(header: table.header)
        for row in table.rows { withoutNaN.append(row.map { $0.rendered == "nan" ? .missing : $0 }) }
        try AtomicOutput.write(withoutNaN.text, to: "\(folder)/\(indicesName)")
    }
}

extension EnsembleFolderLayout {
    /// A sensitivity analysis's shard folder: design.csv only.
    public static let sensitivity = EnsembleFolderLayout(
        rowsName: SensitivityReport.designName, kind: SensitivityPlan.kind, definitionKey: "sensitivity",
        command: "sensitivity",
        total: { $0["sensitivity"]?["runs"]?.integerValue }, definitionKeys: SensitivityPlan.definitionKeys,
        companion: nil, finishedNames: [SensitivityReport.indicesName],
        finish: { folder, sidecar in try SensitivityReport.write(folder: folder, sidecar: sidecar) })
}
