import Foundation
import PDTNumerics

/// Parsing of parameter values from JSON and from `--set` text.
extension ParameterSpec {
    /// The longest list a list parameter takes (session days: far more than any schedule allows).
    static let maximumListLength = 1000

    /// Checks a value against the kind's type, bounds, integrality and choices. `written` is a
    /// number as the user wrote it (`1e400` in a file, `'1e400'` after `--set`), shown in messages
    /// instead of the value it became.
    func check(_ value: ParameterValue, location: String, written: String? = nil) throws(ModelError) {
        func fail(_ shown: String) -> ModelError {
            ModelError(location, "\(shown) is not valid; expected \(expectation)")
        }
        let written = written.map { echoed($0) }
        switch (kind, value) {
        case (.number(let b), .number(let n)):
            guard n.isFinite else {
                throw ModelError(location, "\(written ?? formatNumber(n)) is not finite; expected \(expectation)")
            }
            guard b.contains(n) else { throw fail(written ?? formatNumber(n)) }
        case (.integer(let b), .number(let n)):
            guard n.isFinite, n == n.rounded(), b.contains(n) else { throw fail(written ?? formatNumber(n)) }
        case (.choice(let options), .text(let s)):
            guard options.contains(s) else { throw fail("'\(echoed(s))'") }
        case (.flag, .flag): break
        case (.path, .text(let s)):
            guard !s.isEmpty else { throw fail("''") }
        case (.integerList(let b), .list(let l)):
            for n in l where !(n.isFinite && n == n.rounded() && b.contains(n)) { throw fail(formatNumber(n)) }
            guard l.count <= Self.maximumListLength else {
                throw ModelError(
                    location, "holds \(l.count) numbers; expected at most \(Self.maximumListLength), \(expectation)")
            }
        default:
            throw fail(echoed(value.rendered))
        }
    }

    /// Reads a parameter from its JSON form `{"value": …, "unit": "…", "source": "…"}`.
    package func parse(
        _ json: JSONValue, location: String, origin: String, baseDirectory: String
    ) throws(ModelError) -> Parameter {
        guard case .object(let entry) = json else {
            throw ModelError(
                location,
                "is \(json.kindName); expected an object {\"value\": …, \(unit.map { "\"unit\": \"\($0)\", " } ?? "")\"source\": \"…\"}"
            )
        }
        for key in entry.keys.sorted() where !["value", "unit", "source"].contains(key) {
            throw ModelError(
                "\(location).\(key)", "unknown key; expected only value\(unit == nil ? "" : ", unit") and source")
        }
        guard let raw = entry["value"] else { throw ModelError(location, "value is missing; expected \(expectation)") }
        switch (unit, entry["unit"]) {
        case (let expected?, .string(let given)?):
            guard given == expected else {
                throw ModelError("\(location).unit", "'\(echoed(given))' is the wrong unit; expected '\(expected)'")
            }
        case (let expected?, let other?):
            throw ModelError("\(location).unit", "is \(other.kindName); expected the string '\(expected)'")
        case (let expected?, nil):
            throw ModelError(location, "unit is missing; expected \"unit\": \"\(expected)\"")
        case (nil, .some):
            throw ModelError("\(location).unit", "this parameter takes no unit; expected no unit key")
        case (nil, nil): break
        }
        guard case .string(let source)? = entry["source"], !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ModelError(
                location, "source is missing or empty; expected a string saying where the value comes from")
        }
        let value: ParameterValue
        var written: String?
        switch (kind, raw) {
        case (.number, .number(let n)), (.integer, .number(let n)):
            value = .number(n.value)
            written = n.text
        case (.choice, .string(let s)): value = .text(s)
        case (.path, .string(let s)):
            value = .text(
                s.hasPrefix("/")
                    ? s : URL(fileURLWithPath: baseDirectory).appendingPathComponent(s).standardizedFileURL.path)
        case (.flag, .bool(let b)): value = .flag(b)
        case (.integerList, .array(let items)):
            var numbers: [Double] = []
            for item in items {
                guard case .number(let n) = item else {
                    throw ModelError(
                        "\(location).value", "\(item.rendered) is \(item.kindName); expected \(expectation)")
                }
                numbers.append(n.value)
            }
            value = .list(numbers)
        default:
            throw ModelError("\(location).value", "\(raw.rendered) is \(raw.kindName); expected \(expectation)")
        }
        try check(value, location: "\(location).value", written: written)
        return Parameter(value: value, unit: unit, source: source, origin: origin)
    }

    /// Reads a value from `--set` text, in the unit the key names; its range is checked where it
    /// is applied (`check`).
    func value(text: String, location: String) throws(ModelError) -> ParameterValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .number, .integer:
            guard let n = Double(trimmed) else {
                throw ModelError(location, "'\(echoed(text))' is not a number; expected \(expectation)")
            }
            return .number(n)
        case .choice: return .text(trimmed)
        case .path: return .text(URL(fileURLWithPath: trimmed).standardizedFileURL.path)
        case .flag:
            guard let b = Bool(trimmed) else {
                throw ModelError(location, "'\(echoed(text))' is not valid; expected \(expectation)")
            }
            return .flag(b)
        case .integerList:
            var numbers: [Double] = []
            for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = Double(item.trimmingCharacters(in: .whitespaces)) else {
                    throw ModelError(location, "'\(echoed(item))' is not a number; expected \(expectation)")
                }
                numbers.append(n)
            }
            return .list(numbers)
        }
    }
}
