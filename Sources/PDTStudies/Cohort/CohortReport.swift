import Foundation
import PDTCore
import PDTNumerics

/// The files of a finished cohort folder, computed from its rows (`subjects.csv`), their sidecar
/// and the daily spool (`daily.bin`) alone, so that a run and a merge of its shards write the same
/// bytes:
/// - `bands.csv`: one row per day: `day`, `subjects` (the subjects banded: those that
///   succeeded), then for each series of `CohortPlan.series` its mean, sd (n − 1) and the
///   quantiles of `DailyBands.probabilities` (`_q2.5` … `_q97.5`), numpy's linear interpolation;
/// - `summary.json`: the cohort (its sidecar entry: argument, name, sampling, subjects, seed,
///   inputs, protocol), subjects run, failed (with their indices) and banded, the responder
///   fraction (reduction on the evaluation day ≥ the target, over the subjects that succeeded)
///   with its Wilson 95 % interval, the mean, median and quantiles of every protocol readout
///   (booleans as 0/1), and the versions.
public enum CohortReport {
    public static let subjectsName = "subjects.csv"
    public static let spoolName = "daily.bin"
    public static let bandsName = "bands.csv"
    public static let summaryName = "summary.json"

    /// Writes `bands.csv` and `summary.json` into `folder` and deletes the spool.
    /// - Throws: `OutputError` when a file cannot be read or written.
    static func write(folder: String, sidecar: JSONOutput) throws {
        let cohort = sidecar["cohort"]!
        let subjects = cohort["subjects"]!.integerValue!
        let days = cohort["days"]!.integerValue!
        let series = CohortPlan.series
        let columns = sidecar["columns"]!.stringValues!
        let statusColumn = columns.firstIndex(of: "status")!
        let readoutColumns = Array(columns[(statusColumn + 1)...].prefix { !$0.hasPrefix("session1_") })
        let readoutIndices = readoutColumns.map { columns.firstIndex(of: $0)! }
        // One streamed pass over the rows, keeping only the readouts of the subjects that succeeded
        // (8 bytes × readouts per subject) and the indices of those that failed.
        var values = [[Double]](repeating: [], count: readoutColumns.count)
        var failed: [JSONOutput] = []
        var run = 0
        let subjectsPath = "\(folder)/\(subjectsName)"
        var lineNumber = 0
        do {
            try POSIXFile.forEachLine(of: subjectsPath) { line in
                lineNumber += 1
                guard lineNumber > 1, !line.isEmpty else { return }
                let fields: [String]
                do throws(CSVReader.FormatError) {
                    fields = try CSVReader.fields(Substring(line))
                } catch {
                    throw CSVReader.FormatError(line: lineNumber, reason: error.reason)
                }
                run += 1
                guard fields[statusColumn] == "ok" else {
                    failed.append(.string(String(fields[0])))
                    return
                }
                for (k, column) in readoutIndices.enumerated() { values[k].append(number(fields[column]) ?? .nan) }
            }
        } catch {
            throw OutputError(path: subjectsPath, reason: "\(error)")
        }
        let succeededCount = values.first?.count ?? 0
        let bands = try DailyBands.compute(
            spool: "\(folder)/\(spoolName)", subjects: subjects, series: series.count, days: days)
        var bandColumns = ["day", "subjects"]
        for name in series {
            bandColumns += [name + "_mean", name + "_sd"] + DailyBands.probabilities.map { name + "_q" + percent($0) }
        }
        var table = CSVTable(header: bandColumns)
        for (day, band) in bands.enumerated() {
            var fields: [CSVTable.Field] = [.integer(day), .integer(succeededCount)]
            for b in band { fields += ([b.mean, b.sd] + b.quantiles).map(field) }
            table.append(fields)
        }
        try AtomicOutput.write(table.text, to: "\(folder)/\(bandsName)")

        let readouts = zip(readoutColumns, values).map { ($0, spread($1.filter { !$0.isNaN })) }
        let target = cohort["target_percent"].flatMap(numberValue) ?? 0
        let evaluation = readoutColumns[0]
        let responders = values[0].filter { $0 >= target }.count
        var responderPairs: [(String, JSONOutput)] = [
            (
                "definition",
                .string("\(evaluation) ≥ target_percent (\(formatNumber(target))), over the subjects that succeeded")
            ),
            ("responders", .integer(responders)), ("of", .integer(succeededCount)),
        ]
        if succeededCount > 0 {
            let interval = WilsonInterval(successes: responders, trials: succeededCount)
            responderPairs += [
                ("fraction", .number(Double(responders) / Double(succeededCount))),
                ("wilson_95_lower", .number(interval.lower)), ("wilson_95_upper", .number(interval.upper)),
            ]
        } else {
            responderPairs += [("fraction", .null), ("wilson_95_lower", .null), ("wilson_95_upper", .null)]
        }
        let summary = JSONOutput.object([
            ("kind", .string("pdtsim cohort summary")),
            ("cohort", cohort),
            ("subjects_run", .integer(run)), ("subjects_failed", .integer(failed.count)),
            ("subjects_banded", .integer(succeededCount)),
            ("failed_subjects", .array(failed)),
            ("responder_fraction", .object(responderPairs)),
            ("quantiles", .array(DailyBands.probabilities.map { .number($0) })),
            ("quantile_method", .string("linear interpolation, h = (n − 1) p (numpy's default)")),
            ("readouts", .object(readouts)),
            ("versions", sidecar["versions"]!),
        ])
        try AtomicOutput.write(summary.text() + "\n", to: "\(folder)/\(summaryName)")
        POSIXFile.removeFile("\(folder)/\(spoolName)")
    }

    /// Mean, median and quantiles of one readout over the subjects that succeeded.
    static func spread(_ values: [Double]) -> JSONOutput {
        guard !values.isEmpty else { return .object([("mean", .null), ("median", .null), ("quantiles", .null)]) }
        let band = DailyBands.band(values)
        return .object([
            ("mean", .number(band.mean)), ("median", .number(band.quantiles[3])),
            ("quantiles", .object(zip(DailyBands.probabilities, band.quantiles).map { (percent($0), .number($1)) })),
        ])
    }

    /// 0.025 → "2.5", 0.5 → "50".
    static func percent(_ p: Double) -> String { formatNumber((p * 1000).rounded() / 10) }

    static func field(_ x: Double) -> CSVTable.Field { x.isNaN ? .missing : .number(x) }

    static func number<Text: StringProtocol>(_ text: Text) -> Double? {
        switch text {
        case "true": 1
        case "false": 0
        default: Double(text)
        }
    }

    static func numberValue(_ json: JSONOutput) -> Double? {
        switch json {
        case .number(let x): x
        case .integer(let i): Double(i)
        default: nil
        }
    }

    /// The data rows of a CSV written by pdtsim (`CSVTable`), read by `CSVReader`: the header and
    /// empty lines left out.
    static func readRows(path: String) throws(OutputError) -> [[String]] {
        let text = try readText(path: path)
        do {
            return try CSVReader.records(text).dropFirst().filter { !$0.text.isEmpty }.map(\.fields)
        } catch {
            throw OutputError(path: path, reason: error.description)
        }
    }

    /// A file's text (UTF-8).
    static func readText(path: String) throws(OutputError) -> String {
        do {
            return String(decoding: try POSIXFile.readContents(of: path), as: UTF8.self)
        } catch {
            throw OutputError(path: path, reason: error.description)
        }
    }
}
