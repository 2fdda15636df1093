import Foundation

/// Reads JSON back into `JSONOutput`, keeping the order of object keys, so that a document pdtsim
/// wrote can be compared part by part and written again byte for byte (numbers without a fraction
/// or exponent become integers, the others doubles; `JSONOutput.text()` of the result reproduces
/// text that `JSONOutput.text()` wrote).
enum OrderedJSON {
    /// Parses `text`, read from `path`.
    /// - Throws: `ModelError` naming the file and the byte offset of the first problem.
    static func parse(_ text: String, path: String) throws(ModelError) -> JSONOutput {
        var parser = Parser(bytes: Array(text.utf8))
        guard let value = parser.value(), parser.atEnd() else {
            throw ModelError(path, "not valid JSON near byte \(parser.position); expected a sidecar written by pdtsim")
        }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func atEnd() -> Bool {
            skipSpace()
            return position == bytes.count
        }

        mutating func consume(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard position + expected.count <= bytes.count,
                Array(bytes[position..<position + expected.count]) == expected
            else { return false }
            position += expected.count
            return true
        }

        mutating func value() -> JSONOutput? {
            skipSpace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return consume("null") ? .null : nil
            default: return number()
            }
        }

        mutating func object() -> JSONOutput? {
            position += 1
            var pairs: [(String, JSONOutput)] = []
            skipSpace()
            if consume("}") { return .object(pairs) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else {
                    return nil
                }
                skipSpace()
                guard consume(":"), let item = value() else { return nil }
                pairs.append((key, item))
                skipSpace()
                if consume(",") { continue }
                return consume("}") ? .object(pairs) : nil
            }
        }

        mutating func array() -> JSONOutput? {
            position += 1
            var items: [JSONOutput] = []
            skipSpace()
            if consume("]") { return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                if consume(",") { continue }
                return consume("]") ? .array(items) : nil
            }
        }

        mutating func number() -> JSONOutput? {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(text) {
                return .integer(integer)
            }
            return Double(text).map { .number($0) }
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count,
                let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { return nil }
            position += 4
            return code
        }

        mutating func string() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll()
            }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard position < bytes.count else { return nil }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(code) {
                            guard consume("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        scalars.append(scalar)
                    default: return nil
                    }
                default: run.append(byte)
                }
            }
            return nil
        }
    }
}

extension JSONOutput {
    /// The value under `key` of an object; nil for a missing key or a value that is not an object.
    subscript(key: String) -> JSONOutput? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// An object with the value under `key` replaced (or appended when missing).
    func replacing(_ key: String, with value: JSONOutput) -> JSONOutput {
        guard case .object(var pairs) = self else { return self }
        if let position = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[position].1 = value
        } else {
            pairs.append((key, value))
        }
        return .object(pairs)
    }

    /// The integer value, if this is one.
    var integerValue: Int? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The strings of an array of strings.
    var stringValues: [String]? {
        guard case .array(let items) = self else { return nil }
        var strings: [String] = []
        for item in items {
            guard case .string(let s) = item else { return nil }
            strings.append(s)
        }
        return strings
    }
}
