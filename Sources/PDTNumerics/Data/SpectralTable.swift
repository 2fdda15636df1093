import Foundation

/// A table of one or more quantities sampled on strictly increasing wavelengths (nm), read from a
/// plain CSV file with one header row, and linearly interpolated between its rows.
public struct SpectralTable: Sendable, Equatable {
    /// The file the table was read from (for messages and provenance).
    public let path: String
    /// Column names after the wavelength column, as in the header.
    public let columns: [String]
    /// Wavelengths in nm, strictly increasing.
    public let wavelengths: [Double]
    /// `values[c][i]` is column `c` at `wavelengths[i]`.
    public let values: [[Double]]

    /// Builds a table in memory (tests, generated spectra). Preconditions: at least two rows,
    /// strictly increasing wavelengths, one value per wavelength in every column.
    public init(path: String, columns: [String], wavelengths: [Double], values: [[Double]]) {
        precondition(wavelengths.count >= 2, "a spectral table needs at least two rows")
        precondition(zip(wavelengths, wavelengths.dropFirst()).allSatisfy { $0 < $1 })
        precondition(values.count == columns.count && values.allSatisfy { $0.count == wavelengths.count })
        self.path = path
        self.columns = columns
        self.wavelengths = wavelengths
        self.values = values
    }

    /// Reads a CSV table whose header must be exactly `header` (first column the wavelength in nm).
    /// Every field must be a finite number, wavelengths strictly increasing, values ≥ 0 when
    /// `nonNegative`.
    /// - Throws: `ModelError` naming the file, the line and the field.
    public static func load(
        path: String, header expected: [String], nonNegative: Bool = true
    ) throws(ModelError)
        -> SpectralTable
    {
        let data = try POSIXFile.readInput(
            path, what: "the data file", expected: "a CSV table with header '\(expected.joined(separator: ","))'")
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(
                path,
                "the file is not UTF-8 text; expected a CSV table with header '\(expected.joined(separator: ","))'")
        }
        var records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw ModelError(path, error.description)
        }
        while let last = records.last, Self.strip(last.text).isEmpty { records.removeLast() }
        guard let headerRecord = records.first else {
            throw ModelError(
                path, "the file is empty; expected a CSV table with header '\(expected.joined(separator: ","))'")
        }
        let headerLine = Self.strip(headerRecord.text)
        let header = headerRecord.fields.map { String(Self.strip(Substring($0))) }
        guard header == expected else {
            throw ModelError(path, "line 1: header is '\(headerLine)'; expected '\(expected.joined(separator: ","))'")
        }
        var wavelengths: [Double] = []
        var values = Array(repeating: [Double](), count: expected.count - 1)
        for record in records.dropFirst() {
            let fields = record.fields.map { Self.strip(Substring($0)) }
            let index = record.line - 1
            guard fields.count == expected.count else {
                throw ModelError(path, "line \(index + 1): \(fields.count) fields; expected \(expected.count)")
            }
            var numbers: [Double] = []
            for (column, field) in fields.enumerated() {
                let trimmed = Self.strip(field)
                guard let number = Double(trimmed), number.isFinite else {
                    throw ModelError(
                        path, "line \(index + 1), column '\(expected[column])': '\(trimmed)' is not a finite number")
                }
                if column > 0 && nonNegative && number < 0 {
                    throw ModelError(
                        path,
                        "line \(index + 1), column '\(expected[column])': \(trimmed) is negative; expected a value ≥ 0")
                }
                numbers.append(number)
            }
            if let previous = wavelengths.last, numbers[0] <= previous {
                throw ModelError(
                    path,
                    "line \(index + 1): wavelength \(formatNumber(numbers[0])) nm does not increase on \(formatNumber(previous)) nm"
                )
            }
            wavelengths.append(numbers[0])
            for column in 1..<numbers.count { values[column - 1].append(numbers[column]) }
        }
        guard wavelengths.count >= 2 else {
            throw ModelError(path, "\(wavelengths.count) data rows; expected at least 2")
        }
        return SpectralTable(path: path, columns: Array(expected.dropFirst()), wavelengths: wavelengths, values: values)
    }

    /// `text` without leading and trailing spaces and tabs (a plain scan: Foundation's trimming is
    /// slow enough to dominate start-up on the reference tables).
    static func strip(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    /// Column `column` at `wavelength` nm, linearly interpolated; `outside` beyond the table's range.
    public func value(_ column: Int, at wavelength: Double, outside: Double = 0) -> Double {
        guard let first = wavelengths.first, let last = wavelengths.last,
            wavelength >= first, wavelength <= last
        else { return outside }
        var low = 0
        var high = wavelengths.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if wavelengths[mid] <= wavelength { low = mid } else { high = mid }
        }
        let w0 = wavelengths[low]
        let w1 = wavelengths[high]
        let v = values[column]
        if wavelength == w0 { return v[low] }
        return v[low] + (v[high] - v[low]) * (wavelength - w0) / (w1 - w0)
    }

    /// True when `wavelength` lies within the table's range.
    public func covers(_ wavelength: Double) -> Bool {
        wavelength >= wavelengths[0] && wavelength <= wavelengths[wavelengths.count - 1]
    }

    /// The system's reason for a failed file operation (kept for callers of this name; the wording
    /// lives in `SystemError.reason`).
    package static func reason(_ error: any Error) -> String { SystemError.reason(error) }
}
