import Foundation
import PDTCore
import PDTNumerics
import PDTStudies

/// The fields of a JSON request body, read strictly: the body must be one JSON object (parsed by
/// pdtsim's own strict reader, `JSONValue.parse`), every field is looked at, and a field the
/// endpoint does not take is an error naming it, so that a misspelt field is never ignored.
struct RequestFields {
    /// Where mistakes are located in messages: "request body".
    static let location = "request body"

    let object: JSONObject

    /// Parses `data`, checking that only `allowed` fields are present.
    /// - Throws: `APIError` 400 for malformed JSON, a body that is not an object, or an unknown field.
    init(_ data: Data, allowed: [String]) throws(APIError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data, path: Self.location)
        } catch {
            throw APIError(.badRequest, error.description)
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest(Self.location, "found \(value.kindName); expected a JSON object")
        }
        for key in object.keys where !allowed.contains(key) {
            throw APIError.badRequest(
                Self.location,
                "unknown field '\(echoed(key))'; expected only \(allowed.joined(separator: ", "))")
        }
        self.object = object
    }

    func location(_ field: String) -> String { "\(Self.location): \(field)" }

    /// A string field, or `fallback` when absent.
    func string(_ field: String, default fallback: String) throws(APIError) -> String {
        guard let value = object[field] else { return fallback }
        guard case .string(let text) = value else {
            throw APIError.badRequest(location(field), "found \(value.rendered); expected a string")
        }
        return text
    }

    /// A whole-number field in `range`, or nil when absent.
    func integer(_ field: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = object[field] else { return nil }
        return try Self.integer(value, at: location(field), in: range)
    }

    /// A list of whole numbers in `range`, or nil when absent.
    func integers(_ field: String, in range: ClosedRange<Int>) throws(APIError) -> [Int]? {
        guard let value = object[field] else { return nil }
        guard case .array(let items) = value else {
            throw APIError.badRequest(location(field), "found \(value.rendered); expected a list of whole numbers")
        }
        var numbers: [Int] = []
        for (i, item) in items.enumerated() {
            numbers.append(try Self.integer(item, at: "\(location(field))[\(i)]", in: range))
        }
        return numbers
    }

    /// An object field, or nil when absent.
    func object(_ field: String) throws(APIError) -> JSONObject? {
        guard let value = object[field] else { return nil }
        guard case .object(let inner) = value else {
            throw APIError.badRequest(location(field), "found \(value.rendered); expected a JSON object")
        }
        return inner
    }

    static func integer(_ value: JSONValue, at location: String, in range: ClosedRange<Int>) throws(APIError) -> Int {
        let expectation = "a whole number between \(range.lowerBound) and \(range.upperBound)"
        guard case .number(let number) = value, let whole = Int(exactly: number.value), range.contains(whole) else {
            throw APIError.badRequest(location, "found \(value.rendered); expected \(expectation)")
        }
        return whole
    }

    /// A value of `set` or of a sweep axis as the text `--set KEY=VALUE` would give: a number as
    /// written, a string as it is, a boolean as true or false.
    static func valueText(_ value: JSONValue, at location: String) throws(APIError) -> String {
        switch value {
        case .number(let number): return number.text
        case .string(let text): return text
        case .bool(let flag): return String(flag)
        default:
            throw APIError.badRequest(
                location, "found \(value.rendered); expected a number or a string (the VALUE of --set KEY=VALUE)")
        }
    }
}
