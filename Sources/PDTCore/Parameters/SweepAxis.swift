import Foundation
import PDTNumerics

/// One `--vary KEY=SPEC` of a sweep: a protocol key path and the value texts it takes, in order.
///
/// SPEC is either a range `start:stop:step` (no comma, exactly two colons) or a comma list.
/// A range holds start + i·step for i = 0, 1, … while it does not pass stop (stop included when
/// reached exactly). Its values are computed in decimal arithmetic, so 0.1:0.3:0.1 gives exactly
/// 0.1, 0.2, 0.3, and written in shortest form (400:700:1 gives 400, 401, …, 700). A list holds any
/// value texts as given (numbers, preset names for section keys such as `skin`, true/false).
public struct SweepAxis: Sendable, Equatable {
    /// The key path, as for `--set`: `section.parameter` or a section name.
    public var path: String
    /// SPEC as given.
    public var spec: String
    /// The value texts, in order; never empty.
    public var values: [String]

    /// The most values one SPEC may expand to.
    public static let maximumValues = 1_000_000

    public init(path: String, spec: String, values: [String]) {
        precondition(!values.isEmpty, "a sweep axis needs at least one value")
        self.path = path
        self.spec = spec
        self.values = values
    }

    /// Parses `KEY=SPEC`.
    /// - Throws: `ModelError` located at `--vary ARGUMENT`, saying what was expected.
    public init(argument: String) throws(ModelError) {
        let location = "--vary \(argument)"
        guard let equals = argument.firstIndex(of: "=") else {
            throw ModelError(
                location, "expected KEY=SPEC, e.g. light.center_nm=400:700:1 or skin=fitzpatrick-1-2,fitzpatrick-5-6")
        }
        let path = argument[..<equals].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            throw ModelError(location, "the key is empty; expected KEY=SPEC with KEY as SECTION.PARAMETER or SECTION")
        }
        let spec = String(argument[argument.index(after: equals)...])
        self.init(path: path, spec: spec, values: try Self.values(of: spec, location: location))
    }

    /// The value texts of SPEC (a range or a comma list, as described on the type).
    /// - Throws: `ModelError` at `location` for an empty item, a malformed or empty range, or a
    ///   range with more than `maximumValues` values.
    public static func values(of spec: String, location: String) throws(ModelError) -> [String] {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw ModelError(location, "SPEC is empty; expected start:stop:step or a comma list of values")
        }
        guard !trimmed.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            throw ModelError(location, "SPEC holds a line break; expected start:stop:step or a comma list of values")
        }
        if !trimmed.contains(","), trimmed.contains(":") {
            return try DecimalRange(text: trimmed, location: location).values
        }
        var values: [String] = []
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let value = item.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else {
                throw ModelError(location, "the list holds an empty value; expected values separated by single commas")
            }
            values.append(value)
        }
        return values
    }
}

/// An inclusive decimal range start:stop:step, expanded without floating-point drift.
struct DecimalRange {
    var start: Decimal
    var stop: Decimal
    var step: Decimal

    init(text: String, location: String) throws(ModelError) {
        let expectation = "expected start:stop:step with decimal numbers and a step ≠ 0 towards stop, e.g. 400:700:1"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 3 else { throw ModelError(location, "'\(text)' is not a range; \(expectation)") }
        var numbers: [Decimal] = []
        for part in parts {
            guard let number = Self.decimal(part) else {
                throw ModelError(location, "'\(part)' in '\(text)' is not a decimal number; \(expectation)")
            }
            numbers.append(number)
        }
        (start, stop, step) = (numbers[0], numbers[1], numbers[2])
        guard !step.isZero else { throw ModelError(location, "the step of '\(text)' is 0; \(expectation)") }
        guard (stop - start).isZero || (stop > start) == (step > 0) else {
            throw ModelError(location, "'\(text)' holds no value: the step leads away from stop; \(expectation)")
        }
        guard count <= SweepAxis.maximumValues else {
            throw ModelError(
                location, "'\(text)' holds \(count) values; expected at most \(SweepAxis.maximumValues) per --vary")
        }
    }

    /// A decimal literal ([+-]digits[.digits][e[+-]digits]) as a Decimal; nil for anything else.
    static func decimal(_ text: String) -> Decimal? {
        guard text.wholeMatch(of: #/[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/#) != nil else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The number of values: ⌊(stop − start)/step⌋ + 1, checked against exact decimal products.
    var count: Int {
        var quotient = (stop - start) / step
        var floor = Decimal()
        NSDecimalRound(&floor, &quotient, 0, .down)
        guard floor < Decimal(SweepAxis.maximumValues) else { return SweepAxis.maximumValues + 1 }
        var n = NSDecimalNumber(decimal: floor).intValue
        while n > 0 && !within(value(n)) { n -= 1 }
        while within(value(n + 1)) { n += 1 }
        return n + 1
    }

    func value(_ i: Int) -> Decimal { start + Decimal(i) * step }

    /// Whether `x` lies between start and stop, both included.
    func within(_ x: Decimal) -> Bool { step > 0 ? x <= stop : x >= stop }

    /// Every value in shortest form: the shortest decimal text that reads back as the same Double.
    var values: [String] {
        (0..<count).map { i in
            let exact = NSDecimalNumber(decimal: value(i)).description(withLocale: Locale(identifier: "en_US_POSIX"))
            return formatNumber(Double(exact) ?? .nan)
        }
    }
}
