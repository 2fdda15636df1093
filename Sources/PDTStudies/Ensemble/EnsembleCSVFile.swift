import Foundation
import PDTCore
import PDTNumerics

/// An ensemble written as one CSV row per point (first field the point's index) into `FILE.csv`,
/// so that nothing is lost on interruption and nothing that pdtsim did not write is replaced:
///
/// 1. the output is checked (`OutputTarget.checkFile`: a regular file pdtsim wrote, a new path,
///    or `force`) and every point of the design is checked by the engine's pre-pass; an invalid
///    one stops the run before any file is touched;
/// 2. the lock `FILE.csv.lock` is taken (`OutputLock`): a second run on the same file is refused
///    while the first is alive;
/// 3. the sidecar goes (atomically) to `FILE.csv.partial.json`, and rows are appended to
///    `FILE.csv.partial` in index order as they complete (header first, each row written at once);
/// 4. at the end the sidecar is renamed to `FILE.csv.json`, then the rows to `FILE.csv`, and the
///    lock is removed.
///
/// With `resume`, an existing `FILE.csv.partial` is continued: its sidecar and header must match
/// this run, a trailing incomplete line is dropped, the points already there are skipped. The final
/// file is byte-identical to an uninterrupted run, and to a run with any number of jobs. Without
/// `resume`, an existing partial file is an error. Interrupted by a signal (`Interrupted`), the
/// partial file keeps every row written, flushed to the disk, ready for `resume`.
public struct EnsembleCSVFile: Sendable {
    /// FILE.csv.
    public let output: String
    /// The header line, with its newline.
    public let headerLine: String
    /// The sidecar document; it must be identical for a partial file to be resumed.
    public let sidecar: JSONOutput
    /// The column of a row's status ("ok" or the failure's), for the failures of resumed rows.
    public let statusColumn: Int
    public let resume: Bool
    /// Replace an existing FILE.csv that pdtsim did not write.
    public let force: Bool
    /// Files the run reads (a protocol file, say): FILE.csv must be none of them, even with `force`.
    public let inputs: [String]
    /// A binary file of one record per row, written and resumed with the rows (a cohort's spool).
    public var companion: EnsembleCompanion?
    /// What the run is called in messages about its partial file ("sweep", "cohort", …).
    public var noun = "sweep"
    /// The subcommand writing the file, as the lock records it (`OutputLock`).
    public var command = "sweep"

    public init(
        output: String, headerLine: String, sidecar: JSONOutput, statusColumn: Int, resume: Bool, force: Bool,
        inputs: [String] = []
    ) {
        self.output = output
        self.headerLine = headerLine
        self.sidecar = sidecar
        self.statusColumn = statusColumn
        self.resume = resume
        self.force = force
        self.inputs = inputs
    }

    public var partialPath: String { output + ".partial" }
    public var sidecarPath: String { EnsembleSidecar.path(of: output) }
    public var partialSidecarPath: String { EnsembleSidecar.path(of: partialPath) }

    /// Checks, runs and writes the points `indices` of `ensemble`; `line` renders a point's row
    /// (on the worker thread).
    /// - Throws: `ModelError` for an invalid point or a partial file that does not belong to this
    ///   run (nothing is written); `OutputError` when the output is refused, locked, or cannot be
    ///   written (the partial file keeps every row written so far, ready for `resume`);
    ///   `Interrupted` after a signal (likewise).
    /// - Returns: the points of the slice, how many were resumed, and the failed points (of this
    ///   run and of the rows resumed), by index.
    public func write<Design: EnsembleDesign>(
        ensemble: Ensemble<Design>, indices: [Int], jobs: Int,
        line: @escaping @Sendable (EnsembleOutcome) -> String,
        progress: (EnsembleProgress) -> Void
    ) throws -> EnsembleFileSummary {
        try OutputTarget.checkFile(output, force: force, inputs: inputs)
        for path in [partialPath, partialSidecarPath] {
            if let kind = POSIXFile.kind(path), kind != .regular {
                throw OutputError(path: path, reason: "it is not a regular file; expected the partial file of a run")
            }
        }
        try ensemble.check(jobs: jobs)
        try AtomicOutput.createParentFolder(of: output)
        let lock = try OutputLock(output: output, command: command)
        defer { lock.release() }
        var resumedLines: [Substring] = []
        var keptBytes: Int?
        if POSIXFile.exists(partialPath) {
            guard resume else {
                throw ModelError(
                    partialPath,
                    "an interrupted \(noun) left this partial file; pass --resume to continue it, or delete it (and \(partialSidecarPath)) to start over"
                )
            }
            (resumedLines, keptBytes) = try readPartial(indices: indices)
        }
        try AtomicOutput.write(sidecar.text() + "\n", to: partialSidecarPath)
        let companionHandle = try companion?.open(keepingRecords: resumedLines.count, partialPath: partialPath)
        var sink = LineSink(
            handle: try openPartial(keepingBytes: keptBytes), path: partialPath, line: line,
            companion: companion.map { ($0, companionHandle!) })
        let resumedFailures = resumedLines.compactMap { resumedFailure($0) }
        let resumed = resumedLines.count
        let report: EnsembleRunReport
        do {
            report = try ensemble.run(
                indices: Array(indices[resumed...]), jobs: jobs, into: &sink, resumed: resumed,
                resumedFailures: resumedFailures.count, progress: progress)
        } catch {
            for handle in [companionHandle, sink.handle].compactMap({ $0 }) {
                try? handle.synchronize()
                try? handle.close()
            }
            throw error
        }
        do {
            if let companionHandle {
                try companionHandle.synchronize()
                try companionHandle.close()
            }
            try sink.handle.synchronize()
            try sink.handle.close()
        } catch {
            throw OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
        try Self.move(partialSidecarPath, to: sidecarPath)
        try Self.move(partialPath, to: output)
        return EnsembleFileSummary(
            points: indices.count, resumed: resumed,
            failures: (resumedFailures + report.failures).sorted { $0.index < $1.index })
    }

    /// Appends each point's line to the partial file (and its companion record first, if any).
    struct LineSink: EnsembleSink {
        let handle: FileHandle
        let path: String
        let line: @Sendable (EnsembleOutcome) -> String
        let companion: (EnsembleCompanion, FileHandle)?

        var record: @Sendable (EnsembleOutcome) -> (String, [UInt8]?) {
            let line = self.line
            let binary = companion?.0.record
            return { outcome in (line(outcome), binary?(outcome)) }
        }

        func accept(_ record: (String, [UInt8]?), index: Int) throws(OutputError) {
            if let (file, binary) = companion, let bytes = record.1 {
                precondition(bytes.count == file.recordBytes, "a companion record of the wrong size")
                do {
                    try binary.write(contentsOf: Data(bytes))
                } catch {
                    throw OutputError(path: file.path, reason: SpectralTable.reason(error))
                }
            }
            do {
                try handle.write(contentsOf: Data(record.0.utf8))
            } catch {
                throw OutputError(path: path, reason: SpectralTable.reason(error))
            }
        }
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
            try Data(headerLine.utf8).write(to: url)
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            return handle
        } catch {
            throw OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
    }

    /// Checks an existing partial file against this run and returns its complete rows and the
    /// number of bytes to keep (nil: start the file afresh, it does not yet hold a whole header).
    func readPartial(indices: [Int]) throws -> ([Substring], Int?) {
        let restart =
            "rerun with the flags of the interrupted \(noun), or delete \(partialPath) and \(partialSidecarPath) to start over"
        guard let text = try? String(contentsOfFile: partialSidecarPath, encoding: .utf8) else {
            throw ModelError(
                partialSidecarPath,
                "cannot read the sidecar of the interrupted \(noun); expected it beside \(partialPath)")
        }
        let recorded = try JSONValue.parse(Data(text.utf8), path: partialSidecarPath).output
        if let key = EnsembleSidecar.firstDifference(recorded, sidecar) {
            throw ModelError(
                partialPath, "cannot resume: the interrupted \(noun) differs from this one in its \(key); \(restart)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: partialPath))
        } catch {
            throw OutputError(path: partialPath, reason: SpectralTable.reason(error))
        }
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], nil) }
        let complete = String(decoding: data[...lastNewline], as: UTF8.self)
        // Records, not lines: a quoted field may hold a line end, and a record cut inside one is
        // dropped like a cut line.
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(complete, dropsUnclosedLast: true)
        } catch {
            throw ModelError(partialPath, "cannot resume: \(error); \(restart)")
        }
        var lines = records.map(\.text)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let resumeOffset =
            lines.last.map { complete.utf8.distance(from: complete.startIndex, to: $0.endIndex) + 1 } ?? 0
        guard lines.first.map({ $0 + "\n" == headerLine }) == true else {
            throw ModelError(
                partialPath, "cannot resume: its header differs from this \(noun)'s columns; \(restart)")
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
        return (Array(lines), resumeOffset)
    }

    /// The failure recorded in a resumed row, if its status is not ok.
    func resumedFailure(_ line: Substring) -> EnsembleFailure? {
        guard let fields = try? CSVReader.fields(line), fields.count > statusColumn, fields[statusColumn] != "ok",
            let index = Int(fields[0])
        else { return nil }
        let status = fields[statusColumn]
        return EnsembleFailure(index: index, status: status, message: "\(status) (in the run that was resumed)")
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

/// What a finished ensemble file holds.
public struct EnsembleFileSummary: Sendable, Equatable {
    /// Points of this slice, and how many of them were resumed from a partial file.
    public var points: Int
    public var resumed: Int
    /// The points that failed, by index.
    public var failures: [EnsembleFailure]
}
