import Foundation
import PDTCore
import PDTStudies

/// Progress of a long phase on standard error (a sweep's points, a transport run's packets, an
/// optimisation's evaluations): on a terminal a bar redrawn in place (at most ten times a second)
/// with done/total, rate and time left; otherwise a plain line `LABEL: DONE/TOTAL UNIT, RATE, LEFT`
/// every `lineInterval` (5 s, or `$PDTSIM_PROGRESS_SECONDS`), the first after one interval; nothing
/// when quiet.
final class ProgressDisplay {
    private let quiet: Bool
    private let terminal: Bool
    private let label: String
    /// What is counted, plural ("points", "packets").
    private let unit: String
    private let clock = ContinuousClock()
    private var lastDraw: ContinuousClock.Instant?
    private var drewBar = false

    init(label: String, quiet: Bool, unit: String = "points") {
        self.label = label
        self.unit = unit
        self.quiet = quiet
        terminal = isatty(2) == 1
    }

    /// Time between redraws: 0.1 s on a terminal, else `lineInterval`.
    private var interval: Duration { terminal ? .milliseconds(100) : Self.lineInterval }

    /// Time between two plain lines: `$PDTSIM_PROGRESS_SECONDS` when it is a finite number of
    /// seconds ≥ 0 (0: a line at every update after the first; at most a day), else 5 s.
    static let lineInterval: Duration = {
        guard let text = ProcessInfo.processInfo.environment["PDTSIM_PROGRESS_SECONDS"],
            let seconds = Double(text), seconds.isFinite, seconds >= 0
        else { return .seconds(5) }
        return .milliseconds(Int64((min(seconds, 86_400) * 1000).rounded()))
    }()

    func update(_ progress: EnsembleProgress) {
        guard !quiet else { return }
        let now = clock.now
        if let lastDraw {
            guard lastDraw.duration(to: now) >= interval else { return }
        } else if !terminal {
            self.lastDraw = now
            return
        }
        lastDraw = now
        if terminal {
            write("\r" + bar(progress) + "\u{1B}[K")
            drewBar = true
        } else {
            write(line(progress) + "\n")
        }
    }

    /// Ends the bar's line with the final state.
    func finish(_ progress: EnsembleProgress?) {
        guard !quiet, terminal, drewBar || progress != nil else { return }
        if let progress { write("\r" + bar(progress) + "\u{1B}[K") }
        write("\n")
        drewBar = false
    }

    func bar(_ p: EnsembleProgress) -> String {
        let width = 30
        let filled = p.total > 0 ? width * p.done / p.total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "\(label) [\(bar)] \(p.done)/\(p.total)  \(rate(p))  \(left(p))" + failed(p)
    }

    func line(_ p: EnsembleProgress) -> String {
        "\(label): \(p.done)/\(p.total) \(unit), \(rate(p)), \(left(p))" + failed(p)
    }

    func rate(_ p: EnsembleProgress) -> String {
        p.pointsPerSecond >= 1000
            ? String(format: "%.3g \(unit)/s", p.pointsPerSecond) : String(format: "%.2f \(unit)/s", p.pointsPerSecond)
    }

    func left(_ p: EnsembleProgress) -> String {
        guard let seconds = p.secondsLeft else { return "time left unknown" }
        return Self.duration(seconds) + " left"
    }

    func failed(_ p: EnsembleProgress) -> String { p.failed > 0 ? "  (\(p.failed) failed)" : "" }

    /// A duration as "42 s", "12 min 5 s" or "3 h 20 min".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// A `ProgressDisplay` that any thread may update with a count done of a total (an optimisation's
/// evaluations, reported by whichever thread ran them), timed from its creation.
final class LockedProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let display: ProgressDisplay
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    private var last: EnsembleProgress?
    private var count = 0

    init(label: String, quiet: Bool, unit: String) {
        display = ProgressDisplay(label: label, quiet: quiet, unit: unit)
        start = clock.now
    }

    func update(done: Int, total: Int) {
        lock.withLock {
            let elapsed = start.duration(to: clock.now)
            let progress = EnsembleProgress(
                done: done, total: total, resumed: 0, failed: 0,
                elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            last = progress
            display.update(progress)
        }
    }

    /// Counts one more done of `total` (at least the count) and updates the display.
    func advance(total: Int) {
        let done = lock.withLock {
            count += 1
            return count
        }
        update(done: done, total: max(total, done))
    }

    /// Times the next updates from now (a phase that starts later than the display was made).
    func restart() {
        lock.withLock { start = clock.now }
    }

    /// Ends the bar's line (on a terminal) with the last state; the next update starts a new one.
    func finish() {
        lock.withLock {
            guard let last else { return }
            display.finish(last)
            self.last = nil
        }
    }
}

extension LockedProgress {
    /// The progress of a Monte Carlo skin table being computed, `skin-table: DONE/TOTAL nodes, …`,
    /// timed from the table's start and its line ended at its last node; nil when `quiet`.
    static func skinTable(quiet: Bool) -> MonteCarloOptics.Progress? {
        guard !quiet else { return nil }
        let display = LockedProgress(label: "skin-table", quiet: false, unit: "nodes")
        return { done, total in
            if done == 0 { display.restart() }
            display.update(done: done, total: total)
            if done == total { display.finish() }
        }
    }
}
