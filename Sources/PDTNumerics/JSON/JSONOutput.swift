import Foundation

/// JSON to be written, with its object keys in a fixed order so that output is byte-stable.
public indirect enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    public static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool { lhs.text() == rhs.text() }

    /// Pretty-printed text, two-space indent, numbers in shortest round-trip form, non-finite
    /// numbers as null.
    public func text(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n): return n.isFinite ? formatNumber(n) : "null"
        case .integer(let i): return String(i)
        case .string(let s): return quoteJSON(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } }) {
                return "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.text(indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map { pad + quoteJSON($0.0) + ": " + $0.1.text(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(close)}"
        }
    }
}

func quoteJSON(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

extension JSONOutput {
    /// The value under `key` of an object; nil for a missing key or a value that is not an object.
    package subscript(key: String) -> JSONOutput? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// An object with the value under `key` replaced (or appended when missing).
    package func replacing(_ key: String, with value: JSONOutput) -> JSONOutput {
        guard case .object(var pairs) = self else { return self }
        if let position = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[position].1 = value
        } else {
            pairs.append((key, value))
        }
        return .object(pairs)
    }

    /// The integer value, if this is one.
    package var integerValue: Int? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The strings of an array of strings.
    package var stringValues: [String]? {
        guard case .array(let items) = self else { return nil }
        var strings: [String] = []
        for item in items {
            guard case .string(let s) = item else { return nil }
            strings.append(s)
        }
        return strings
    }
}
