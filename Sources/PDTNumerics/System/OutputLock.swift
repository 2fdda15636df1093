import Foundation

/// An exclusive claim on an output file or folder between processes: the lock file `OUT.lock`
/// beside it, holding the pid and the command of the process that writes OUT ("4242 calibrate").
/// Every command that writes a file or a folder takes it, so a second run on the same `--out` is
/// refused while the first is alive, with a message naming the first's command and pid.
///
/// The claim is an `flock(LOCK_EX | LOCK_NB)` on the lock file, so the kernel releases it when
/// its holder dies (even by SIGKILL): a lock file left behind by a dead process is simply taken
/// over. After locking, the descriptor is checked to still be the file at the path (a releasing
/// holder unlinks it), so two processes can never both believe they hold it. A file at the lock
/// path that is not a pdtsim lock (anything but a pid and a command name) is refused and left as
/// it is: pdtsim never overwrites or removes a file it did not write.
public final class OutputLock {
    /// The lock file's path.
    public let path: String
    private var descriptor: Int32

    /// The lock file of `output`.
    public static func path(of output: String) -> String { output + ".lock" }

    /// Takes the lock of `output` for `command` (the subcommand's name, as `pdtsim COMMAND`), or
    /// fails at once.
    /// - Throws: `OutputError` naming `output`: "another pdtsim COMMAND is writing it (pid N)" when
    ///   a live process holds it; a refusal when the lock path holds a file that is not a pdtsim
    ///   lock; else the system's reason.
    public init(output: String, command: String) throws(OutputError) {
        path = Self.path(of: output)
        while true {
            if let kind = POSIXFile.kind(path), kind != .regular || Self.holder(of: path) == nil {
                throw OutputError(
                    path: output,
                    reason:
                        "\(path) exists and is not a pdtsim lock file; move it away, or choose another --out")
            }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw OutputError(path: output, reason: SystemError.last.description) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let holder = Self.holder(of: path)
                close(fd)
                guard code == EWOULDBLOCK else {
                    throw OutputError(path: output, reason: SystemError(code: code).description)
                }
                let who = holder?.command.isEmpty == false ? "pdtsim \(holder!.command)" : "pdtsim run"
                let pid = holder?.pid.isEmpty == false ? holder!.pid : "unknown"
                throw OutputError(
                    path: output, reason: "another \(who) is writing it (pid \(pid)); wait for it to end")
            }
            guard POSIXFile.sameFile(descriptor: fd, path: path) else {
                close(fd)
                continue
            }
            let text = "\(getpid()) \(command)\n"
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

    /// The pid and command a lock file holds ("4242 calibrate"; a pid alone, or nothing, from a
    /// holder that had not yet written it or an earlier pdtsim); nil when the file cannot be read
    /// or holds anything else.
    static func holder(of path: String) -> (pid: String, command: String)? {
        guard let data = try? POSIXFile.readContents(of: path), data.count <= 200 else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .newlines) }
        guard fields.count <= 2, fields[0].allSatisfy(\.isASCII), fields[0].allSatisfy(\.isNumber),
            fields.count == 1 || fields[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") })
        else { return nil }
        return (fields[0], fields.count == 2 ? fields[1] : "")
    }
}
