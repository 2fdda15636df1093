import Foundation
import PDTNumerics

/// The JSON file beside an ensemble's rows (`FILE.csv.json`, `subjects.csv.json`,
/// `design.csv.json`) that says what produced them. Its top-level keys, in order: `kind`
/// (`SweepPlan.kind`, `CohortPlan.kind`, `SensitivityPlan.kind`), the definition (`sweep`,
/// `cohort`, `sensitivity`), `base_protocol` (the resolved base protocol as a model file),
/// `data_files` (the path and SHA-256 of every model and data file it used), `shard` (I, N and the
/// indices of the slice, `EnsembleShard.json`), `columns`, `versions`.
public enum EnsembleSidecar {
    /// The sidecar path of an ensemble's CSV.
    public static func path(of csv: String) -> String { csv + ".json" }

    /// The first top-level key (in the order written) whose value differs, or "layout" when the
    /// documents hold different keys; nil when they are identical.
    static func firstDifference(_ a: JSONOutput, _ b: JSONOutput) -> String? {
        guard case .object(let left) = a, case .object(let right) = b else { return "layout" }
        guard left.map(\.0) == right.map(\.0) else { return "layout" }
        for ((key, x), (_, y)) in zip(left, right) where x.text() != y.text() {
            return name(of: key)
        }
        return nil
    }

    /// A top-level key as messages name it: `sweep` is the sweep's "definition".
    static func name(of key: String) -> String { key == "sweep" ? "definition" : key }

    /// The sidecar of `csv`, checked to be one of an ensemble of `kind`.
    static func read(csv: String, kind: String) throws(ModelError) -> JSONOutput {
        let path = path(of: csv)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ModelError(csv, "cannot read its sidecar \(path); expected a part written by \(kind) --shard")
        }
        let sidecar = try JSONValue.parse(Data(text.utf8), path: path).output
        guard sidecar["kind"] == .string(kind) else {
            throw ModelError(path, "kind is not '\(kind)'; expected the sidecar of a \(kind)")
        }
        return sidecar
    }
}
