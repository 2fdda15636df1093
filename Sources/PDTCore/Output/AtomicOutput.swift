import Foundation

/// Writing results so that a reader never sees a half-written file or folder: everything goes to
/// a temporary sibling first and is renamed into place. Folders are created and files written
/// with POSIX calls, so that every failure carries the system's reason (`strerror`).
///
/// An output folder holds a marker file, `.pdtsim-output`, with the version of pdtsim that wrote
/// it. An existing folder is replaced only when it is empty or holds that marker: a path that
/// names any other folder (`.`, `~`, a project folder) is refused and left as it is.
public enum AtomicOutput {
    /// The marker file every output folder holds.
    public static let markerName = ".pdtsim-output"

    /// The marker's contents: which pdtsim wrote the folder.
    static var markerContents: String { "pdtsim \(SimulationReport.pdtsimVersion)\n" }

    /// Writes `contents` to `path` through a temporary file in the same folder and a rename.
    /// - Throws: `OutputError` naming the path and the system's reason.
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        guard !path.isEmpty else {
            throw OutputError(path: path, reason: "an empty path is not a file; expected a file path")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = sibling(of: url, suffix: "tmp")
        do {
            try POSIXFile.writeFile(contents, to: temporary)
            try POSIXFile.move(temporary, to: url.path)
        } catch {
            POSIXFile.removeTree(temporary)
            throw OutputError(path: path, reason: error.description)
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

    /// Writes a folder of files: `files` (name → contents) and the marker are written into a
    /// temporary sibling folder, which then replaces `directory` (an earlier folder there is
    /// removed only after the new one is complete). Parent folders are created. Preconditions:
    /// file names are plain names, none of them the marker's.
    /// - Throws: `OutputError` when `checkDirectory` refuses the path or the system fails.
    public static func writeDirectory(
        _ directory: String, files: [(name: String, contents: String)]
    ) throws(OutputError) {
        precondition(
            files.allSatisfy { !$0.name.isEmpty && !$0.name.contains("/") && $0.name != markerName },
            "output file names are plain names other than \(markerName)")
        try checkDirectory(directory)
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let staging = sibling(of: target, suffix: "tmp")
        let retired = sibling(of: target, suffix: "old")
        do {
            try POSIXFile.createDirectories(target.deletingLastPathComponent().path)
        } catch {
            throw OutputError(path: directory, reason: error.description)
        }
        POSIXFile.removeTree(staging)
        do {
            try POSIXFile.createDirectory(staging)
            try POSIXFile.writeFile(markerContents, to: "\(staging)/\(markerName)")
            for file in files {
                try POSIXFile.writeFile(file.contents, to: "\(staging)/\(file.name)")
            }
        } catch {
            POSIXFile.removeTree(staging)
            throw OutputError(path: directory, reason: error.description)
        }
        let hadOld = POSIXFile.exists(target.path)
        if hadOld {
            POSIXFile.removeTree(retired)
            do {
                try POSIXFile.move(target.path, to: retired)
            } catch {
                POSIXFile.removeTree(staging)
                throw OutputError(path: directory, reason: error.description)
            }
        }
        do {
            try POSIXFile.move(staging, to: target.path)
        } catch {
            if hadOld { try? POSIXFile.move(retired, to: target.path) }
            POSIXFile.removeTree(staging)
            throw OutputError(path: directory, reason: error.description)
        }
        if hadOld { POSIXFile.removeTree(retired) }
    }

    /// `.<name>.<suffix>-<pid>` beside `url`.
    static func sibling(of url: URL, suffix: String) -> String {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(suffix)-\(getpid())").path
    }
}

/// The POSIX calls behind `AtomicOutput`; each failure is the system's `errno`.
enum POSIXFile {
    /// True when something (a file, folder or link) exists at `path`; links are not followed.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// True when `path` is a folder or a link to one.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder `path` and every missing folder above it (`mkdir -p`), one component
    /// at a time.
    static func createDirectories(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if isDirectory(prefix) { continue }
            if exists(prefix) { throw SystemError(code: ENOTDIR) }
            guard mkdir(prefix, 0o777) == 0 || (errno == EEXIST && isDirectory(prefix)) else {
                throw SystemError.last
            }
        }
    }

    /// Creates the folder `path`, whose parent exists.
    static func createDirectory(_ path: String) throws(SystemError) {
        guard mkdir(path, 0o777) == 0 else { throw SystemError.last }
    }

    /// Writes `contents` to a new or truncated file at `path` and flushes it to the disk.
    static func writeFile(_ contents: String, to path: String) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw SystemError.last }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let failure = SystemError.last
                close(descriptor)
                throw failure
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            let failure = SystemError.last
            close(descriptor)
            throw failure
        }
        guard close(descriptor) == 0 else { throw SystemError.last }
    }

    /// Renames `source` to `target`, replacing a file or an empty folder there.
    static func move(_ source: String, to target: String) throws(SystemError) {
        guard rename(source, target) == 0 else { throw SystemError.last }
    }

    /// Removes `path` and everything below it, if it exists; links are removed, not followed.
    /// Cleanup only: a failure leaves the rest in place.
    static func removeTree(_ path: String) {
        guard exists(path) else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
