import Foundation
import PDTNumerics

/// The JSON file beside a sweep's CSV (`FILE.csv.json`) that says what produced it. Its top-level
/// keys, in order: `kind`, `sweep` (the --protocol and --set given, every --vary with its
/// expanded values, zip, the point order and count), `base_protocol` (the resolved base protocol
/// as a model file), `data_files` (the path and SHA-256 of every model and data file it used),
/// `shard` (I, N and the indices of the slice), `columns`, `versions`.
public enum SweepSidecar {
    public static let kind = "pdtsim sweep"

    /// The parts that must agree for two files to belong to the same sweep (all but `shard`).
    static let definitionKeys = ["kind", "sweep", "base_protocol", "data_files", "columns", "versions"]

    /// The sidecar path of a sweep CSV.
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

    /// The sidecar of `csv`, checked to be a sweep's.
    static func read(csv: String, kind: String = kind) throws(ModelError) -> JSONOutput {
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
