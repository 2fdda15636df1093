import Foundation
import PDTNumerics

/// A folder of results that one command writes (`--out DIR`), from the moment the command starts
/// until its files are in place: every folder-writing command (simulate, transport, calibrate,
/// optimize, maintenance, cohort, sensitivity, merge) goes through it.
///
/// - **Checks** (`AtomicOutput.checkDirectory`): DIR is new, empty, or holds the marker
///   `.pdtsim-output` of earlier pdtsim output; any other folder is refused and left as it is.
/// - **Lock**: the run holds `OutputLock` on DIR (the file `DIR.lock` beside it) from the start,
///   so a second run on the same DIR is refused with the first's command and pid.
/// - **Publication** (`publish`): the new files are staged whole in a sibling folder (the hidden
///   `.DIR.tmp-PID/`, or a cohort's `DIR.partial/`) and then moved into DIR one rename per file.
///   DIR's marker lists the files pdtsim wrote there (`OutputManifest`); a rerun replaces those,
///   removes the ones it no longer writes, and never touches any other file: a figure or notes
///   saved next to the CSVs stay. A file of DIR that pdtsim would write but did not (not in the
///   marker) is refused. A new or empty DIR (not a link) is published with one rename of the
///   staging folder.
/// - **Crash safety**: before moving anything, the files about to be replaced or removed are moved
///   into a backup folder `.DIR.old-PID/` whose marker records the staging folder, the new files
///   and the inode of the staged new marker; renaming that marker into DIR is the last step (the
///   commit), then the backup is removed. A run killed in between (a signal, a crash, power loss)
///   leaves the backup; the next run on DIR finds it (its process is gone) and, if the new marker
///   is not in DIR, moves the new files back to their staging folder and the earlier files back
///   into DIR, so DIR is again the earlier run's output, whole; if it is, it removes the backup.
///   The earlier results are never lost: until the next run, every file of the earlier run is
///   either in DIR or in the backup, whole.
public final class OutputFolder {
    /// DIR as given, without trailing slashes (for messages and the lock).
    public let path: String
    /// The subcommand that writes it (`simulate`, `cohort` …), recorded in the marker and the lock.
    public let command: String
    package let target: URL
    private let lock: OutputLock

    /// Checks DIR, creates the folders above it, takes its lock and completes or undoes a
    /// publication that a dead process left half-done.
    /// - Throws: `OutputError` naming DIR when it is refused, locked, or cannot be prepared.
    public init(_ path: String, command: String) throws(OutputError) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        self.command = command
        try AtomicOutput.checkDirectory(path)
        target = URL(fileURLWithPath: trimmed).standardizedFileURL
        do {
            try POSIXFile.createDirectories(target.deletingLastPathComponent().path)
        } catch {
            throw OutputError(path: path, reason: error.description)
        }
        lock = try OutputLock(output: trimmed, command: command)
        Self.recover(target)
        AtomicOutput.removeStaleStaging(of: target)
    }

    /// Releases the lock (also done when the folder is deallocated).
    public func release() { lock.release() }

    /// DIR.partial: the work folder of a resumable run (cohort, sensitivity).
    public var workPath: String { target.path + ".partial" }

    // MARK: Publishing

    /// Writes `files` (name → contents) into a staging folder and publishes them as DIR's files.
    /// Preconditions: plain names, none of them the marker's.
    /// - Throws: `OutputError` naming DIR or a file, with the system's reason; DIR is then as it was.
    public func publish(_ files: [(name: String, contents: String)]) throws(OutputError) {
        let names = files.map(\.name)
        Self.checkNames(names)
        let staging = AtomicOutput.sibling(of: target, suffix: "tmp")
        let manifest = OutputManifest(command: command, state: .complete, files: names)
        do {
            try POSIXFile.createDirectory(staging)
            try POSIXFile.writeFile(manifest.text, to: "\(staging)/\(OutputManifest.fileName)")
            for file in files { try POSIXFile.writeFile(file.contents, to: "\(staging)/\(file.name)") }
        } catch {
            Self.discard(staging)
            throw OutputError(path: path, reason: error.description)
        }
        do {
            try publish(staged: staging, names: names)
        } catch {
            Self.discard(staging)
            throw error
        }
        Self.discard(staging)
    }

    /// Publishes the files `names` of the folder `staging` (which pdtsim made: `.DIR.tmp-PID/` or
    /// DIR.partial/) as DIR's files, the marker recording `recorded` as the command (default: this
    /// folder's); `staging` is removed when nothing else is left in it.
    /// - Throws: `OutputError`; DIR is then as it was and the files are back in `staging`.
    public func publish(staged staging: String, names: [String], recorded: String? = nil) throws(OutputError) {
        Self.checkNames(names)
        let manifest = OutputManifest(command: recorded ?? command, state: .complete, files: names)
        let out = target.path
        let stagedMarker = "\(staging)/\(OutputManifest.fileName)"
        do {
            try AtomicOutput.write(manifest.text, to: stagedMarker)
        } catch {
            throw OutputError(path: path, reason: error.reason)
        }
        if !POSIXFile.exists(out) || (Self.isEmptyFolder(out) && !POSIXFile.isLink(out)) {
            do {
                try POSIXFile.move(staging, to: out)
            } catch {
                throw OutputError(path: path, reason: error.description)
            }
            return
        }
        try AtomicOutput.checkDirectory(path)
        let old = OutputManifest.read(folder: out)
        for name in names where POSIXFile.exists("\(out)/\(name)") {
            guard POSIXFile.kind("\(out)/\(name)") == .regular, old?.lists(name, writing: names) == true else {
                throw OutputError(
                    path: "\(path)/\(name)",
                    reason:
                        "the file exists and pdtsim did not write it (\(OutputManifest.fileName) does not list it); move it away, or choose another --out"
                )
            }
        }
        let retiring = (old?.files ?? names).filter { POSIXFile.kind("\(out)/\($0)") == .regular }
        var backupManifest = OutputManifest(command: command, state: .backup, files: retiring)
        backupManifest.staging = staging
        backupManifest.newFiles = names
        backupManifest.markerInode = POSIXFile.identity(stagedMarker)?.inode ?? 0
        let backup = AtomicOutput.sibling(of: target, suffix: "old")
        do {
            try POSIXFile.createDirectory(backup)
            try POSIXFile.writeFile(backupManifest.text, to: "\(backup)/\(OutputManifest.fileName)")
            for name in retiring { try POSIXFile.move("\(out)/\(name)", to: "\(backup)/\(name)") }
            for name in names { try POSIXFile.move("\(staging)/\(name)", to: "\(out)/\(name)") }
            try POSIXFile.move(stagedMarker, to: "\(out)/\(OutputManifest.fileName)")
        } catch {
            Self.rollBack(out: out, backup: backup, manifest: backupManifest)
            Self.discard(backup)
            throw OutputError(path: path, reason: "\(error)")
        }
        rmdir(staging)
        Self.discard(backup)
    }

    /// Creates DIR.partial, the work folder of a resumable `command` run, with its marker, or
    /// checks that an existing one is pdtsim's work folder of the same command.
    /// - Returns: whether this call created it.
    /// - Throws: `OutputError` when DIR.partial is not pdtsim's (it is then left as it is), belongs
    ///   to another command, or cannot be created.
    @discardableResult
    public func openWork() throws(OutputError) -> Bool {
        let work = workPath
        let shown = path + ".partial"
        if POSIXFile.exists(work) {
            guard POSIXFile.isDirectory(work), let manifest = OutputManifest.read(folder: work),
                manifest.state != .backup
            else {
                throw OutputError(
                    path: path,
                    reason:
                        "\(shown) exists and pdtsim did not make it (no \(OutputManifest.fileName) in it); pdtsim works in DIR.partial, so move \(shown) away or choose another --out"
                )
            }
            guard manifest.command == command else {
                throw OutputError(
                    path: path,
                    reason:
                        "\(shown) holds the work of an interrupted pdtsim \(manifest.command); finish it with pdtsim \(manifest.command) --resume, or delete \(shown)"
                )
            }
            return false
        }
        do {
            try POSIXFile.createDirectory(work)
            try POSIXFile.writeFile(
                OutputManifest(command: command, state: .partial, files: []).text,
                to: "\(work)/\(OutputManifest.fileName)")
        } catch {
            Self.discard(work)
            throw OutputError(path: shown, reason: error.description)
        }
        return true
    }

    /// Removes DIR.partial when it holds nothing but its marker (a run that stopped before
    /// writing anything); a work folder with files is kept for `--resume`.
    public func discardEmptyWork() {
        guard (try? FileManager.default.contentsOfDirectory(atPath: workPath)) == [OutputManifest.fileName] else {
            return
        }
        Self.discard(workPath)
    }

    // MARK: Folders pdtsim made

    static func checkNames(_ names: [String]) {
        precondition(
            names.allSatisfy {
                !$0.isEmpty && !$0.contains("/") && $0 != OutputManifest.fileName && $0 != "." && $0 != ".."
            },
            "output file names are plain names other than \(OutputManifest.fileName)")
    }

    static func isEmptyFolder(_ path: String) -> Bool {
        POSIXFile.isDirectory(path) && ((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false)
    }

    /// Removes a folder pdtsim made: the regular files its marker lists, then, when nothing else
    /// is left, the marker and the folder. A folder without a pdtsim marker is removed only if it
    /// is empty. Nothing that the marker does not name is ever removed, and a folder that keeps
    /// other entries keeps its marker.
    package static func discard(_ folder: String) {
        guard POSIXFile.isDirectory(folder) else { return }
        if let manifest = OutputManifest.read(folder: folder) {
            for name in manifest.files ?? [] { POSIXFile.removeFile("\(folder)/\(name)") }
            let rest = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard rest == [OutputManifest.fileName] else { return }
            unlink("\(folder)/\(OutputManifest.fileName)")
        }
        rmdir(folder)
    }

    /// Undoes a publication whose commit (DIR's new marker) did not happen: the new files go back
    /// to their staging folder, the earlier ones from the backup back into DIR.
    static func rollBack(out: String, backup: String, manifest: OutputManifest) {
        for name in manifest.newFiles
        where POSIXFile.exists("\(out)/\(name)") && !POSIXFile.exists("\(manifest.staging)/\(name)")
            && POSIXFile.isDirectory(manifest.staging)
        {
            try? POSIXFile.move("\(out)/\(name)", to: "\(manifest.staging)/\(name)")
        }
        for name in manifest.files ?? [] where POSIXFile.exists("\(backup)/\(name)") {
            try? POSIXFile.move("\(backup)/\(name)", to: "\(out)/\(name)")
        }
    }

    /// Completes or undoes the publications into `target` that dead processes left half-done (their
    /// backup folders `.DIR.old-PID/`), then removes the backups. A backup without pdtsim's
    /// backup marker is left alone.
    static func recover(_ target: URL) {
        let parent = target.deletingLastPathComponent().path
        let prefix = ".\(target.lastPathComponent).old-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries {
            guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)),
                !POSIXFile.processIsAlive(pid)
            else { continue }
            let backup = "\(parent)/\(entry)"
            guard let manifest = OutputManifest.read(folder: backup), manifest.state == .backup else { continue }
            let marker = "\(target.path)/\(OutputManifest.fileName)"
            if POSIXFile.identity(marker)?.inode == manifest.markerInode {
                rmdir(manifest.staging)
            } else {
                rollBack(out: target.path, backup: backup, manifest: manifest)
            }
            discard(backup)
        }
    }
}
