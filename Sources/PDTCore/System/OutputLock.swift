import Foundation

/// An exclusive claim on an output file between processes: the lock file `FILE.lock` beside it,
/// holding the pid of the process that writes FILE.
///
/// The claim is an `flock(LOCK_EX | LOCK_NB)` on the lock file, so the kernel releases it when
/// its holder dies (even by SIGKILL): a lock file left behind by a dead process is simply taken
/// over. After locking, the descriptor is checked to still be the file at the path (a releasing
/// holder unlinks it), so two processes can never both believe they hold it.
public final class OutputLock {
    /// The lock file's path.
    public let path: String
    private var descriptor: Int32

    /// The lock file of `output`.
    public static func path(of output: String) -> String { output + ".lock" }

    /// Takes the lock of `output`, or fails at once.
    /// - Throws: `OutputError` naming `output`: "a sweep is writing this file (pid N)" when a
    ///   live process holds it, else the system's reason.
    public init(output: String, holder: String = "a sweep") throws(OutputError) {
        path = Self.path(of: output)
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw OutputError(path: output, reason: SystemError.last.description) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let pid = String(decoding: (try? POSIXFile.readContents(of: path)) ?? Data(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                close(fd)
                guard code == EWOULDBLOCK else {
                    throw OutputError(path: output, reason: SystemError(code: code).description)
                }
                throw OutputError(
                    path: output,
                    reason: "\(holder) is writing this file (pid \(pid.isEmpty ? "unknown" : pid)); wait for it to end")
            }
            guard POSIXFile.sameFile(descriptor: fd, path: path) else {
                close(fd)
                continue
            }
            let text = "\(getpid())\n"
            guard ftruncate(fd, 0) == 0, POSIXFile.writeAll(text, to: fd) else {
                let failure = SystemError.last
                close(fd)
                throw OutputError(path: output, reason: failure.description)
            }
            descriptor = fd
            return
        }
    }

    /// Removes the lock file and releases the lock; idempotent.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
