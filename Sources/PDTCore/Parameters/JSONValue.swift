import Foundation

/// A parsed JSON document, for strict validation of model files (every key is looked at, so a
/// misspelt one is an error rather than silently ignored).
public indirect enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `data` read from `path`.
    /// - Throws: `ModelError` naming the file and the parser's complaint.
    public static func parse(_ data: Data, path: String) throws(ModelError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw ModelError(
                path, "not valid JSON (\(detail ?? context.debugDescription)); expected a pdtsim model file")
        } catch {
            throw ModelError(path, "not valid JSON (\(error)); expected a pdtsim model file")
        }
    }

    /// A short description of the value's type, for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// The value as written in a message.
    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .number(let n): formatNumber(n)
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.rendered).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }
}

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

/// A number in its shortest round-trip form, without a trailing ".0" on integral values.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
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
