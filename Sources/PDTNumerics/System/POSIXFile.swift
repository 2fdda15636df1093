import Foundation

/// The POSIX file calls behind `AtomicOutput` and the readers of model files and data tables, so that
/// every failure carries the system's reason (`errno`). With `GSL/`, the only code that handles raw
/// buffers.
package enum POSIXFile {
    /// The largest file pdtsim reads whole, in bytes: 64 MiB (2²⁶ B). Model files, measurement and
    /// spectrum tables are kilobytes; a larger file is a mistake (a log, an image, a device).
    public static let maximumReadBytes = 64 << 20

    /// The contents of the regular file at `path`, at most `maximumReadBytes`, read with
    /// `open`/`read`/`close` so that a failure carries the system's reason (a missing file, a
    /// folder, no permission …). Anything else is refused before a byte is read: the type is checked
    /// with `stat` before `open` and again with `fstat` on the descriptor, which is opened with
    /// `O_NONBLOCK`, so a FIFO without a writer, a device or a socket never blocks or streams.
    package static func readContents(of path: String) throws(FileReadError) -> Data {
        var info = stat()
        if stat(path, &info) == 0 { try checkRegular(info) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .system(.last) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw .system(.last) }
        try checkRegular(info)
        guard Int64(info.st_size) <= Int64(maximumReadBytes) else { throw .tooLarge(bytes: Int64(info.st_size)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(.last)
            }
            data.append(contentsOf: buffer[..<count])
            guard data.count <= maximumReadBytes else { throw .tooLarge(bytes: Int64(data.count)) }
        }
    }

    /// Refuses a folder (as the system's "is a directory") and anything that is not a regular file.
    private static func checkRegular(_ info: stat) throws(FileReadError) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .system(SystemError(code: EISDIR))
        default: throw .notRegular(kindName(info.st_mode))
        }
    }

    /// Calls `body` with each line of the file at `path` (UTF-8, without its newline; a last line
    /// without a newline too), reading 64 kB at a time: memory holds one chunk and one line,
    /// whatever the file's size.
    package static func forEachLine(of path: String, _ body: (String) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError.last }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var line: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError.last
            }
            if count == 0 { break }
            var start = 0
            for i in 0..<count where buffer[i] == UInt8(ascii: "\n") {
                line.append(contentsOf: buffer[start..<i])
                try body(String(decoding: line, as: UTF8.self))
                line.removeAll(keepingCapacity: true)
                start = i + 1
            }
            line.append(contentsOf: buffer[start..<count])
        }
        if !line.isEmpty { try body(String(decoding: line, as: UTF8.self)) }
    }

    /// True when something (a file, folder or link) exists at `path`; links are not followed.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// True when `path` is a symbolic link (to anything, or to nothing).
    package static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// True when `path` is a folder or a link to one.
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder `path` and every missing folder above it (`mkdir -p`), one component
    /// at a time.
    package static func createDirectories(_ path: String) throws(SystemError) {
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
    package static func createDirectory(_ path: String) throws(SystemError) {
        guard mkdir(path, 0o777) == 0 else { throw SystemError.last }
    }

    /// Writes `contents` to a new or truncated file at `path` and flushes it to the disk.
    package static func writeFile(_ contents: String, to path: String) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw SystemError.last }
        guard writeAll(contents, to: descriptor), fsync(descriptor) == 0 else {
            let failure = SystemError.last
            close(descriptor)
            throw failure
        }
        guard close(descriptor) == 0 else { throw SystemError.last }
    }

    /// Renames `source` to `target`, replacing a file or an empty folder there.
    package static func move(_ source: String, to target: String) throws(SystemError) {
        guard rename(source, target) == 0 else { throw SystemError.last }
    }

    /// What kind of thing `path` is, following links (a dangling link is `.other`); nil when
    /// nothing is there.
    package static func kind(_ path: String) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard stat(path, &info) == 0 else { return .other("a link to nothing") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other(kindName(info.st_mode))
        }
    }

    /// What a file of mode `mode` is, in words ("a named pipe (fifo)"), for anything but a regular
    /// file or a folder.
    package static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a named pipe (fifo)"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    /// The (device, inode) pair of the file `path` names (links followed); nil when it cannot be
    /// read.
    package static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// True when the open `descriptor` is the file at `path` (same device and inode).
    static func sameFile(descriptor: Int32, path: String) -> Bool {
        var open = stat()
        guard fstat(descriptor, &open) == 0, let named = identity(path) else { return false }
        return FileIdentity(device: UInt64(open.st_dev), inode: UInt64(open.st_ino)) == named
    }

    /// Writes all of `text` at the descriptor's offset; false (errno set) on failure.
    static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// True when a process `pid` exists (it may belong to another user).
    package static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Removes the regular file (or link) `path` that pdtsim wrote, if it is one; anything else
    /// there (a folder, a device) is left alone. Cleanup only: a failure is ignored. pdtsim has no
    /// recursive removal: folders go through `OutputFolder.discard`, which removes only what their
    /// marker lists.
    package static func removeFile(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFLNK
        else { return }
        unlink(path)
    }
}

/// What a path names, as far as writing output there is concerned.
package enum FileKind: Equatable {
    case regular
    case directory
    /// Anything else (a device, fifo, socket, dangling link), in words.
    case other(String)
}

/// A file's identity on this machine: its device and inode numbers.
package struct FileIdentity: Hashable {
    var device: UInt64
    package var inode: UInt64
}
