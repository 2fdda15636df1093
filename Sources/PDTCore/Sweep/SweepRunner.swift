import Foundation

/// Runs a sweep, or one slice of it, into `FILE.csv` so that nothing is lost on interruption:
///
/// 1. every point is validated first (no simulation); an invalid one stops the sweep before any
///    file is touched;
/// 2. the sidecar goes (atomically) to `FILE.csv.partial.json`, and rows are appended to
///    `FILE.csv.partial` in index order as they complete (header first, each row written at once;
///    rows that complete early wait in memory for their turn);
/// 3. at the end the sidecar is renamed to `FILE.csv.json`, then the rows to `FILE.csv`.
///
/// With `resume`, an existing `FILE.csv.partial` is continued: its sidecar and header must match
/// this sweep, a trailing incomplete line is dropped, the points already there are skipped. The
/// final file is byte-identical to an uninterrupted run, and to a run with any number of jobs.
/// Without `resume`, an existing partial file is an error.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let shard: SweepShard
    /// FILE.csv.
    public let output: String
    /// Worker threads, ≥ 1.
    public let jobs: Int
    public let resume: Bool

    public init(plan: SweepPlan, shard: SweepShard, output: String, jobs: Int, resume: Bool) {
        precondition(jobs >= 1, "a sweep needs at least one job")
        self.plan = plan
        self.shard = shard
        self.output = output
        self.jobs = jobs
        self.resume = resume
    }

    public var partialPath: String { output + ".partial" }
    public var sidecarPath: String { SweepSidecar.path(of: output) }
    public var partialSidecarPath: String { SweepSidecar.path(of: partialPath) }

    /// Validates, runs and writes the sweep; calls `progress` on the calling thread after each row
    /// and about ten times a second while waiting.
    /// - Throws: `ModelError` for an invalid point or a partial file that does not belong to this
    ///   sweep (nothing is written); `OutputError` when a file cannot be written (the partial file
    ///   keeps every row written so far, ready for `resume`).
    /// - Returns: the failed points (of this run and of the rows resumed).
    public func run(progress: (SweepProgress) -> Void) throws -> SweepSummary {
        if POSIXFile.isDirectory(output) {
            throw OutputError(path: output, reason: "a folder of that name exists; expected a file path (FILE.csv)")
        }
        try plan.validatePoints(jobs: jobs)
        let sidecar = plan.sidecar(shard: shard)
        let indices = Array(shard.indices(of: plan.design.pointCount))
        let manager = FileManager.default
        var resumedLines: [Substring] = []
        var keptBytes: Int?
        if manager.fileExists(atPath: partialPath) {
            guard resume else {
                throw ModelError(
                    partialPath,
                    "an interrupted sweep left this partial file; pass --resume to continue it, or delete it (and \(partialSidecarPath)) to start over"
                )
            }
            (resumedLines, keptBytes) = try readPartial(sidecar: sidecar, indices: indices)
        }
        try AtomicOutput.createParentFolder(of: output)
        try AtomicOutput.write(sidecar.text() + "\n", to: partialSidecarPath)
        let handle = try openPartial(keepingBytes: keptBytes)
        var failures = resumedLines.compactMap { resumedFailure($0) }
        let resumed = resumedLines.count
        var done = resumed
        var writeError: OutputError?
        let clock = ContinuousClock()
        let start = clock.now
        func report() {
            let elapsed = start.duration(to: clock.now)
            progress(
                SweepProgress(
                    done: done, total: indices.count, resumed: resumed,
                    failed: failures.count,
                    elapsedSeconds: elapsed.inSeconds)
            )
        }
        report()
        let plan = self.plan
        OrderedParallel.run(
            items: Array(indices[resumed...]), jobs: jobs,
            work: { index -> Result<SweepRow, ModelError> in
                do throws(ModelError) { return .success(try plan.run(index: index)) } catch { return .failure(error) }
            },
            deliver: { _, result in
                do {
                    let row = try result.get()
                    try handle.write(contentsOf: Data(row.line.utf8))
                    if let failure = row.failure { failures.append(failure) }
                    done += 1
                    report()
                    return true
                } catch let error as ModelError {
                    writeError = OutputError(path: partialPath, reason: "internal error: \(error)")
                } catch {
                    writeError = OutputError(path: partialPath, reason: SpectralTable.reason(error))
                }
                return false
            }, heartbeat: report)
        do {
            if writeError == nil { try handle.synchronize() }
            try handle.close()
        } catch {
            writeError = writeError ?? OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
        if let writeError { throw writeError }
        try Self.move(partialSidecarPath, to: sidecarPath)
        try Self.move(partialPath, to: output)
        return SweepSummary(points: indices.count, resumed: resumed, failures: failures.sorted { $0.index < $1.index })
    }

    // MARK: Files

    /// Opens the partial file for appending: truncated to `keepingBytes` when resuming, else
    /// created afresh with the header line.
    func openPartial(keepingBytes: Int?) throws(OutputError) -> FileHandle {
        let url = URL(fileURLWithPath: partialPath)
        do {
            if let keepingBytes, keepingBytes > 0 {
                let handle = try FileHandle(forWritingTo: url)
                try handle.truncate(atOffset: UInt64(keepingBytes))
                try handle.seekToEnd()
                return handle
            }
            try Data(plan.headerLine.utf8).write(to: url)
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            return handle
        } catch {
            throw OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
    }

    /// Checks an existing partial file against this sweep and returns its complete rows and the
    /// number of bytes to keep (nil: start the file afresh, it does not yet hold a whole header).
    func readPartial(sidecar: JSONOutput, indices: [Int]) throws -> ([Substring], Int?) {
        let restart =
            "rerun with the flags of the interrupted sweep, or delete \(partialPath) and \(partialSidecarPath) to start over"
        guard let text = try? String(contentsOfFile: partialSidecarPath, encoding: .utf8) else {
            throw ModelError(
                partialSidecarPath,
                "cannot read the sidecar of the interrupted sweep; expected it beside \(partialPath)")
        }
        let recorded = try JSONValue.parse(Data(text.utf8), path: partialSidecarPath).output
        if let key = SweepSidecar.firstDifference(recorded, sidecar) {
            throw ModelError(
                partialPath, "cannot resume: the interrupted sweep differs from this one in its \(key); \(restart)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: partialPath))
        } catch {
            throw OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], nil) }
        let complete = String(decoding: data[...lastNewline], as: UTF8.self)
        var lines = complete.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.first.map({ $0 + "\n" == plan.headerLine }) == true else {
            throw ModelError(
                partialPath, "cannot resume: its header differs from this sweep's columns; \(restart)")
        }
        lines.removeFirst()
        guard lines.count <= indices.count else {
            throw ModelError(
                partialPath, "cannot resume: it holds \(lines.count) rows, this slice only \(indices.count); \(restart)"
            )
        }
        for (position, line) in lines.enumerated() where !line.hasPrefix("\(indices[position]),") {
            throw ModelError(
                partialPath,
                "cannot resume: row \(position + 1) is not point \(indices[position]) ('\(line.prefix(40))'); \(restart)"
            )
        }
        return (Array(lines), lastNewline + 1 - data.startIndex)
    }

    /// The failure recorded in a resumed row, if its status is not ok.
    func resumedFailure(_ line: Substring) -> SweepFailure? {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let statusColumn = 1 + plan.design.axes.count
        guard fields.count > statusColumn, fields[statusColumn] != "ok", let index = Int(fields[0]) else { return nil }
        let status = String(fields[statusColumn])
        return SweepFailure(index: index, status: status, message: "\(status) (in the run that was resumed)")
    }

    /// Renames with `POSIXFile.move`; the reason is `strerror` as the system words it (first
    /// letter kept), as this message has always read.
    static func move(_ source: String, to target: String) throws(OutputError) {
        do {
            try POSIXFile.move(source, to: target)
        } catch {
            throw OutputError(path: target, reason: String(cString: strerror(error.code)))
        }
    }
}

/// How far a sweep is, reported after each row and while waiting.
public struct SweepProgress: Sendable, Equatable {
    /// Rows in the file (resumed rows included), of `total` for this slice.
    public var done: Int
    public var total: Int
    /// Rows found in the partial file at the start.
    public var resumed: Int
    /// Failed points so far.
    public var failed: Int
    /// Seconds since this run started simulating.
    public var elapsedSeconds: Double

    /// Points simulated per second in this run (0 before the first).
    public var pointsPerSecond: Double { elapsedSeconds > 0 ? Double(done - resumed) / elapsedSeconds : 0 }

    /// Estimated seconds left at the current rate; nil before the first point completes.
    public var secondsLeft: Double? {
        pointsPerSecond > 0 ? Double(total - done) / pointsPerSecond : nil
    }
}

/// What a finished sweep did.
public struct SweepSummary: Sendable, Equatable {
    /// Points of this slice, and how many of them were resumed from a partial file.
    public var points: Int
    public var resumed: Int
    /// The points whose integration failed, by index.
    public var failures: [SweepFailure]
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
