import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP turned into a request to stop, so that a long run can end cleanly:
/// keep what it has written for `--resume`, remove what it staged, and exit with 128 + the signal
/// number (130, 143, 129), the exit status a shell reports for a process those signals end.
///
/// The handler only stores the signal number in an atomic (async-signal-safe); the run polls
/// `pending` between results. Outside `handling(_:)` the default actions apply.
public enum Interruption {
    /// The signals handled.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static let received = Atomic<Int32>(0)

    /// The first signal received while handling, if any.
    public static var pending: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Runs `body` with the three signals caught (and unblocked on the calling thread, whose mask
    /// the worker threads inherit: a parent may have spawned pdtsim with them blocked); restores
    /// their default actions afterwards.
    public static func handling<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        received.store(0, ordering: .relaxed)
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
        for number in signals {
            signal(number) { caught in
                _ = Interruption.received.compareExchange(expected: 0, desired: caught, ordering: .relaxed)
            }
        }
        defer { for number in signals { signal(number, SIG_DFL) } }
        return try body()
    }

    /// The conventional name of a handled signal.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}

/// A run stopped by a signal (see `Interruption`): what it had written is kept.
public struct Interrupted: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signal number.
    public var signal: Int32

    public init(signal: Int32) { self.signal = signal }

    /// 128 + the signal number.
    public var exitStatus: Int32 { 128 + signal }

    public var description: String { "interrupted by \(Interruption.name(signal))" }
}
