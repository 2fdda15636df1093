import Foundation
import PDTNumerics

/// The daily values of a cohort's successful subjects, spooled to a binary file in subject order
/// so that exact per-day quantiles can be computed later with bounded memory.
///
/// File layout (no header): one record per subject, in the order appended; a record holds
/// days × series IEEE-754 binary64 numbers, little-endian, day-major (day 0: series 0, 1, …;
/// day 1: …), so that a block of days is one contiguous read per subject. Shards' spools
/// concatenated in shard order are the spool of the whole cohort.
public final class DailySpoolWriter {
    public let path: String
    public let series: Int
    public let days: Int
    /// Records written so far.
    public private(set) var subjects = 0
    private let handle: FileHandle

    /// Creates (or truncates) the file at `path`.
    public init(path: String, series: Int, days: Int) throws(OutputError) {
        precondition(series >= 1 && days >= 1, "a spool of \(series) series × \(days) days")
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw OutputError(path: path, reason: "cannot create the daily-values spool")
        }
        self.path = path
        self.series = series
        self.days = days
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Appends one subject: `values[s][d]` is series s on day d (series × days numbers).
    public func append(_ values: [[Double]]) throws(OutputError) {
        precondition(
            values.count == series && values.allSatisfy { $0.count == days }, "a spool record of the wrong shape")
        var bytes = [UInt8]()
        bytes.reserveCapacity(series * days * 8)
        for day in 0..<days {
            for s in 0..<series { DailySpool.encode(values[s][day], into: &bytes) }
        }
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            throw OutputError(path: path, reason: "\(error.localizedDescription)")
        }
        subjects += 1
    }

    /// Flushes and closes the file.
    public func close() throws(OutputError) {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw OutputError(path: path, reason: "\(error.localizedDescription)")
        }
    }
}

/// Reading a spool back (see `DailySpoolWriter`).
public enum DailySpool {
    static func encode(_ value: Double, into bytes: inout [UInt8]) {
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    static func decode(_ data: Data, at offset: Int) -> Double {
        var bits: UInt64 = 0
        let start = data.startIndex + offset
        for k in 0..<8 { bits |= UInt64(data[start + k]) << UInt64(8 * k) }
        return Double(bitPattern: bits)
    }

    /// Reads days `days` of every subject: result[d − days.lowerBound][s][subject].
    /// Memory: days.count × series × subjects numbers.
    static func readBlock(
        path: String, subjects: Int, series: Int, totalDays: Int, days: Range<Int>
    ) throws(OutputError) -> [[[Double]]] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OutputError(path: path, reason: "cannot open the daily-values spool")
        }
        defer { try? handle.close() }
        let recordBytes = totalDays * series * 8
        let blockBytes = days.count * series * 8
        var result = [[[Double]]](
            repeating: [[Double]](repeating: [Double](repeating: 0, count: subjects), count: series), count: days.count)
        do {
            for subject in 0..<subjects {
                try handle.seek(toOffset: UInt64(subject * recordBytes + days.lowerBound * series * 8))
                guard let data = try handle.read(upToCount: blockBytes), data.count == blockBytes else {
                    throw OutputError(
                        path: path,
                        reason: "the spool ends inside subject record \(subject); expected \(subjects) records")
                }
                for d in 0..<days.count {
                    for s in 0..<series { result[d][s][subject] = decode(data, at: (d * series + s) * 8) }
                }
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: path, reason: "\(error.localizedDescription)")
        }
        return result
    }
}
