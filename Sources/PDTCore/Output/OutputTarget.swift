import Foundation
import PDTNumerics

/// The checks before pdtsim writes a result file (a sweep's CSV, an optics table, a merge), so
/// that `--out` never destroys what pdtsim did not write:
///
/// - a path that names anything but a regular file (a folder, a device such as /dev/full, a fifo,
///   a socket, a dangling link) is refused, even with `--force`;
/// - a path that is one of the run's inputs (the same device and inode) is refused, even with
///   `--force`;
/// - an existing regular file is replaced only when pdtsim wrote it, which its sidecar
///   `FILE.json` (kind "pdtsim …") shows, or with `--force`; the same holds for the sidecar path.
public enum OutputTarget {
    /// Checks that `path` and its sidecar `path.json` may be written.
    /// - Parameters:
    ///   - force: replace an existing regular file that pdtsim did not write.
    ///   - inputs: files the run reads; the output must be none of them.
    /// - Throws: `OutputError` naming the path, what it is and what was expected.
    public static func checkFile(_ path: String, force: Bool, inputs: [String] = []) throws(OutputError) {
        guard !path.isEmpty else {
            throw OutputError(path: path, reason: "an empty path is not a file; expected a file path")
        }
        let sidecar = path + ".json"
        let identities = Dictionary(
            inputs.flatMap { input in
                [input, input + ".json"].compactMap { p in POSIXFile.identity(p).map { ($0, p) } }
            },
            uniquingKeysWith: { first, _ in first })
        for candidate in [path, sidecar] {
            switch POSIXFile.kind(candidate) {
            case nil:
                continue
            case .directory:
                throw OutputError(
                    path: candidate, reason: "a folder of that name exists; expected a file path (FILE.csv)")
            case .other(let what):
                throw OutputError(
                    path: candidate,
                    reason: "it is \(what), not a regular file; pdtsim writes only regular files (even with --force)")
            case .regular:
                if let identity = POSIXFile.identity(candidate), let input = identities[identity] {
                    throw OutputError(
                        path: candidate,
                        reason: "it is the input \(input); expected an output path that is none of the inputs")
                }
            }
        }
        guard !force else { return }
        if POSIXFile.kind(path) == .regular && !writtenByPDTSim(path) {
            throw OutputError(
                path: path,
                reason:
                    "the file exists and pdtsim did not write it (no sidecar \(sidecar) of a pdtsim run); pass --force to replace it, or choose another path"
            )
        }
        if POSIXFile.kind(sidecar) == .regular && !isPDTSimSidecar(sidecar) {
            throw OutputError(
                path: sidecar,
                reason:
                    "the file exists and is not a pdtsim sidecar; pass --force to replace it, or choose another path")
        }
    }

    /// True when the sidecar `path.json` of `path` says a pdtsim run wrote it.
    public static func writtenByPDTSim(_ path: String) -> Bool { isPDTSimSidecar(path + ".json") }

    /// True when `sidecar` is a JSON object whose `kind` starts with "pdtsim ".
    static func isPDTSimSidecar(_ sidecar: String) -> Bool {
        guard let data = try? POSIXFile.readContents(of: sidecar),
            let document = try? JSONValue.parse(data, path: sidecar).output,
            case .string(let kind)? = document["kind"]
        else { return false }
        return kind.hasPrefix("pdtsim ")
    }
}
