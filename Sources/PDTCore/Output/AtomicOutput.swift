import Foundation
import PDTNumerics

/// Writing results so that a reader never sees a half-written file or folder: everything goes to
/// a temporary sibling first and is renamed into place. Folders are created and files written
/// with POSIX calls, so that every failure carries the system's reason (`strerror`).
///
/// An output folder holds a marker file, `.pdtsim-output` (`OutputManifest`), listing what pdtsim
/// wrote there. An existing folder is written into only when it is empty or holds that marker: a
/// path that names any other folder (`.`, `~`, a project folder) is refused and left as it is.
/// Folders are published by `OutputFolder`.
public enum AtomicOutput {
    /// The marker file every output folder holds.
    public static let markerName = OutputManifest.fileName

    /// Writes `contents` to `path` through a temporary file in the same folder and a rename.
    /// - Throws: `OutputError` naming the path and the system's reason.
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        guard !path.isEmpty else {
            throw OutputError(path: path, reason: "an empty path is not a file; expected a file path")
        }
        let url = URL(fileURLWithPath: path)
        removeStaleStaging(of: url)
        let temporary = sibling(of: url, suffix: "tmp")
        do {
            try POSIXFile.writeFile(contents, to: temporary)
            try POSIXFile.move(temporary, to: url.path)
        } catch {
            POSIXFile.removeFile(temporary)
            throw OutputError(path: path, reason: error.description)
        }
    }

    /// Creates the folder that will hold the file `path`, and every missing folder above it.
    /// - Throws: `OutputError` naming `path` and the system's reason.
    package static func createParentFolder(of path: String) throws(OutputError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: path, reason: SpectralTable.reason(error))
        }
    }

    /// Checks that `directory` may receive a folder of results, without touching anything: the
    /// path is not empty; if it exists, it is a folder, neither `/` nor the current folder nor one
    /// above it, and is empty or holds the marker of earlier pdtsim output.
    /// - Throws: `OutputError` naming the path, what is wrong and what was expected.
    public static func checkDirectory(_ directory: String) throws(OutputError) {
        guard !directory.isEmpty else {
            throw OutputError(path: directory, reason: "an empty path is not a folder; expected a directory path")
        }
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        guard POSIXFile.exists(target.path) else { return }
        let resolved = target.resolvingSymlinksInPath().path
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        if resolved == "/" || resolved == current || current.hasPrefix(resolved + "/") {
            let which =
                resolved == "/"
                ? "the root folder" : resolved == current ? "the current folder" : "a folder above the current one"
            throw OutputError(
                path: directory,
                reason: "it is \(which), \(resolved); expected a folder of its own for the results, such as out/NAME")
        }
        guard POSIXFile.isDirectory(target.path) else {
            throw OutputError(path: directory, reason: "a file of that name exists; expected a directory path")
        }
        if POSIXFile.exists(target.appendingPathComponent(markerName).path) { return }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            throw OutputError(path: directory, reason: SpectralTable.reason(error))
        }
        guard entries.isEmpty else {
            throw OutputError(
                path: directory,
                reason:
                    "\(directory) exists and is not pdtsim output; expected a new or empty folder, or one pdtsim wrote (it holds \(markerName))"
            )
        }
    }

    /// Removes what runs killed while writing `url` left beside it (entries of live processes are
    /// left alone), and only what pdtsim made:
    /// - `.<name>.tmp-<pid>`: a staged file is removed; a staging folder loses the files its marker
    ///   lists and the marker, and is removed when nothing else is left (`OutputFolder.discard`);
    /// - `.<name>.old-<pid>` of pdtsim 0.3.0 (the previous output folder, moved aside whole just
    ///   before the new one was moved in) is put back when `url` is missing; a backup folder of
    ///   `OutputFolder` is left to `OutputFolder.recover`.
    static func removeStaleStaging(of url: URL) {
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        guard !name.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries {
            for suffix in ["tmp", "old"] {
                let prefix = ".\(name).\(suffix)-"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)),
                    !POSIXFile.processIsAlive(pid)
                else { continue }
                let stale = "\(folder)/\(entry)"
                switch POSIXFile.kind(stale) {
                case .regular? where suffix == "tmp":
                    unlink(stale)
                case .directory? where suffix == "tmp":
                    OutputFolder.discard(stale)
                case .directory?:
                    let manifest = OutputManifest.read(folder: stale)
                    if manifest?.state == .complete && !POSIXFile.exists(url.path) {
                        try? POSIXFile.move(stale, to: url.path)
                    }
                default:
                    continue
                }
            }
        }
    }

    /// `.<name>.<suffix>-<pid>` beside `url`.
    package static func sibling(of url: URL, suffix: String) -> String {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(suffix)-\(getpid())").path
    }
}
