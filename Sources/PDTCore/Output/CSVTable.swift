import Foundation

/// A CSV table built as values, not by string concatenation: fields are quoted when they hold a
/// comma, quote or line break, and numbers are written in shortest round-trip form.
public struct CSVTable: Sendable, Equatable {
    public enum Field: Sendable, Equatable {
        case number(Double)
        case integer(Int)
        case text(String)
        case flag(Bool)
        /// An empty field: a value that does not exist (e.g. oxygen where it is not integrated).
        case missing

        package var rendered: String {
            switch self {
            case .number(let x): return x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
            case .integer(let i): return String(i)
            case .text(let s):
                // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
                let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            case .flag(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }
    }

    public let header: [String]
    public private(set) var rows: [[Field]] = []

    public init(header: [String]) { self.header = header }

    /// Appends a row; precondition: one field per column.
    public mutating func append(_ row: [Field]) {
        precondition(row.count == header.count, "a CSV row needs \(header.count) fields, got \(row.count)")
        rows.append(row)
    }

    /// The header line and every row, each ending in a newline.
    public var text: String {
        var out = header.map { Field.text($0).rendered }.joined(separator: ",") + "\n"
        for row in rows { out += Self.line(row) }
        return out
    }

    /// One row as a CSV line ending in a newline.
    public static func line(_ row: [Field]) -> String { row.map(\.rendered).joined(separator: ",") + "\n" }
}
