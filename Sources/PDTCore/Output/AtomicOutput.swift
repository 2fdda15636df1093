import Foundation

/// Writing results so that a reader never sees a half-written file or folder: everything goes to
/// a temporary sibling first and is renamed into place.
public enum AtomicOutput {
    /// Writes `contents` to `path` through a temporary file in the same folder and a rename.
    /// - Throws: `OutputError` naming the path and the system's reason.
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(contents.utf8).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: SpectralTable.reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: reason)
        }
    }

    /// Writes a folder of files: `files` (name → contents) are written into a temporary sibling
    /// folder, which then replaces `directory` (an earlier folder there is removed only after the
    /// new one is complete). Parent folders are created.
    public static func writeDirectory(
        _ directory: String, files: [(name: String, contents: String)]
    ) throws(OutputError) {
        let target = URL(fileURLWithPath: directory).standardized
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, reason: SpectralTable.reason(error))
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory) && !isDirectory.boolValue {
            throw OutputError(path: directory, reason: "a file of that name exists; expected a directory path")
        }
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try Data(file.contents.utf8).write(to: staging.appendingPathComponent(file.name))
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw OutputError(path: directory, reason: SpectralTable.reason(error))
        }
        let hadOld = manager.fileExists(atPath: target.path)
        if hadOld && rename(target.path, retired.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: staging)
            throw OutputError(path: directory, reason: reason)
        }
        guard rename(staging.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(retired.path, target.path) }
            try? manager.removeItem(at: staging)
            throw OutputError(path: directory, reason: reason)
        }
        if hadOld { try? manager.removeItem(at: retired) }
    }
}
