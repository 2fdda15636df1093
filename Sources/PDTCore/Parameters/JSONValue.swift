import Foundation

/// A parsed JSON document, for strict validation of model files (every key is looked at, so a
/// misspelt one is an error rather than silently ignored).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses `data` read from `path` with the strict reader `JSONParser` (RFC 8259; no duplicate
    /// keys, nothing after the top-level value).
    /// - Throws: `ModelError` naming the file, the line and column, what was found there and what
    ///   was expected.
    public static func parse(_ data: Data, path: String) throws(ModelError) -> JSONValue {
        var parser = JSONParser(data, path: path)
        return try parser.document()
    }

    /// The value as `JSONOutput`, keeping the order of object keys, so that a document pdtsim wrote
    /// is written again byte for byte: numbers written without a fraction or exponent become
    /// integers, the others doubles.
    public var output: JSONOutput {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            if !n.text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(n.text) {
                return .integer(integer)
            }
            return .number(n.value)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(\.output))
        case .object(let object): return .object(object.pairs.map { ($0.0, $0.1.output) })
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

    /// The value as written in a message (numbers as they were written in the file), cut to a
    /// readable length.
    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .number(let n): echoed(n.text)
        case .string(let s): "\"\(echoed(s))\""
        case .array(let a): echoed("[" + a.prefix(20).map(\.rendered).joined(separator: ", ") + "]")
        case .object: "{…}"
        }
    }
}

/// A JSON object: its members, and their keys in the order written. Two objects are equal when
/// they hold the same members, whatever their order.
public struct JSONObject: Sendable, Equatable {
    /// The keys in the order written.
    public private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    public init() {}

    /// The member `key`, if present.
    public subscript(key: String) -> JSONValue? { members[key] }

    /// The members in the order written.
    public var pairs: [(String, JSONValue)] { keys.map { ($0, members[$0]!) } }

    public var isEmpty: Bool { keys.isEmpty }

    /// Adds a member; precondition: `key` is new (the parser rejects duplicates first).
    mutating func append(_ key: String, _ value: JSONValue) {
        precondition(members.updateValue(value, forKey: key) == nil, "duplicate JSON key \(key)")
        keys.append(key)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.members == rhs.members }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the members in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { append(key, value) }
    }
}

/// A JSON number: its value, and its text as written so that messages can quote it. A number
/// beyond Double's range has the value ±infinity (`1e400`), which the parameter checks report as
/// not finite. Numbers compare by value.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    public var value: Double
    /// The number as written (`formatNumber(value)` when built in code).
    public var text: String

    public init(_ value: Double, text: String? = nil) {
        self.value = value
        self.text = text ?? formatNumber(value)
    }

    public init(integerLiteral value: Int) { self.init(Double(value)) }

    public init(floatLiteral value: Double) { self.init(value) }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.value == rhs.value }

    public var description: String { text }
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
