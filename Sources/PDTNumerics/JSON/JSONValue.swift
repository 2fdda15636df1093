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
