/// The reader of every CSV file pdtsim reads: what `CSVTable` writes, quoting included (RFC 4180).
///
/// Lines come from `TextLines.split` (LF, CRLF or lone CR). A field that starts with a quote runs
/// to the next quote not doubled, `""` inside it standing for one quote; it may hold commas and
/// line ends, so one record may span several lines (its text keeps them as the file has them). A
/// field that does not start with a quote runs to the next comma, quotes in it taken as they are.
public enum CSVReader {
    /// One record of a file.
    public struct Record: Sendable, Equatable {
        /// The file's line (1-based) on which the record starts.
        public var line: Int
        /// The record as the file holds it, without its final line end.
        public var text: Substring
        /// The fields, unquoted.
        public var fields: [String]
    }

    /// A record that cannot be read: a quoted field never closed, or text after a closing quote.
    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file's line (1-based) on which the record starts.
        public var line: Int
        /// What is wrong, ending in what was expected.
        public var reason: String

        package init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        /// "line N: reason".
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every record of `text`, one per line outside quoted fields (an empty line is a record of one
    /// empty field; a line end at the very end leaves an empty last record, as `TextLines.split`
    /// does). With `dropsUnclosedLast`, a last record whose quoted field is not closed (a file cut
    /// short while it was written) is left out instead of thrown. A line for which `skips` holds
    /// where a record would start (a comment) is passed over unparsed.
    public static func records(
        _ text: String, dropsUnclosedLast: Bool = false, skips: (Substring) -> Bool = { _ in false }
    ) throws(FormatError) -> [Record] {
        let lines = TextLines.split(text)
        var records: [Record] = []
        var first = 0
        while first < lines.count {
            if skips(lines[first]) {
                first += 1
                continue
            }
            var last = first
            while true {
                let span = text[lines[first].startIndex..<lines[last].endIndex]
                switch parse(span) {
                case .fields(let fields):
                    records.append(Record(line: first + 1, text: span, fields: fields))
                case .unclosed where last + 1 < lines.count:
                    last += 1
                    continue
                case .unclosed:
                    if dropsUnclosedLast { return records }
                    throw FormatError(
                        line: first + 1,
                        reason: "a quoted field is not closed; expected a quote before the end of the file")
                case .textAfterQuote(let column):
                    throw FormatError(
                        line: first + 1,
                        reason:
                            "field \(column) has text after its closing quote; expected a comma or the end of the line")
                }
                break
            }
            first = last + 1
        }
        return records
    }

    /// The fields of one record's text (as `Record.text`); an error names line 1 of that text.
    public static func fields(_ text: Substring) throws(FormatError) -> [String] {
        switch parse(text) {
        case .fields(let fields): return fields
        case .unclosed:
            throw FormatError(
                line: 1, reason: "a quoted field is not closed; expected a quote before the end of the line")
        case .textAfterQuote(let column):
            throw FormatError(
                line: 1,
                reason: "field \(column) has text after its closing quote; expected a comma or the end of the line")
        }
    }

    private enum Parsed {
        case fields([String])
        case unclosed
        case textAfterQuote(column: Int)
    }

    private static func parse(_ text: Substring) -> Parsed {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let bytes = Array(text.utf8)
        var fields: [String] = []
        var index = 0
        while true {
            if index < bytes.count, bytes[index] == quote {
                var field: [UInt8] = []
                index += 1
                while true {
                    guard index < bytes.count else { return .unclosed }
                    if bytes[index] == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                fields.append(String(decoding: field, as: UTF8.self))
                if index < bytes.count, bytes[index] != comma { return .textAfterQuote(column: fields.count) }
            } else {
                let start = index
                while index < bytes.count, bytes[index] != comma { index += 1 }
                fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            guard index < bytes.count else { return .fields(fields) }
            index += 1
        }
    }
}
