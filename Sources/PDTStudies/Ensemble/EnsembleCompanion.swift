import Foundation
import PDTNumerics

/// A binary file written beside an ensemble CSV (`EnsembleCSVFile`): one record of exactly
/// `recordBytes` bytes per point, appended in the rows' order, each before its row. A cohort
/// spools its subjects' daily values this way (`DailySpool` layout), so that an interrupted run
/// resumes both files together: with k complete rows the companion holds at least k records and
/// is cut back to k.
public struct EnsembleCompanion: Sendable {
    public let path: String
    /// The size of one record, bytes (≥ 1).
    public let recordBytes: Int
    /// A point's record, computed on the worker thread; must have `recordBytes` bytes.
    public let record: @Sendable (EnsembleOutcome) -> [UInt8]

    public init(path: String, recordBytes: Int, record: @escaping @Sendable (EnsembleOutcome) -> [UInt8]) {
        precondition(recordBytes >= 1, "a companion record of \(recordBytes) bytes")
        self.path = path
        self.recordBytes = recordBytes
        self.record = record
    }

    /// Opens the companion for appending after `records` records: created empty when `records`
    /// is 0, else cut back to `records` records.
    /// - Throws: `ModelError` when the file holds fewer records than the rows resumed (it does not
    ///   belong to them); `OutputError` when it cannot be opened.
    func open(keepingRecords records: Int, partialPath: String) throws -> FileHandle {
        let url = URL(fileURLWithPath: path)
        do {
            if records == 0 {
                try Data().write(to: url)
            } else {
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                guard size >= records * recordBytes else {
                    throw ModelError(
                        path,
                        "cannot resume: it holds \(size / recordBytes) records for the \(records) rows of \(partialPath); delete the partial files to start over"
                    )
                }
            }
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(records * recordBytes))
            try handle.seekToEnd()
            return handle
        } catch let error as ModelError {
            throw error
        } catch {
            throw OutputError(path: path, reason: SpectralTable.reason(error))
        }
    }
}
