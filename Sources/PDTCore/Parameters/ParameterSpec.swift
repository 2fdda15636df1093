/// An interval a number must lie in, for validation and for messages ("a number > 0").
public struct Bounds: Sendable, Equatable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public static let any = Bounds(lower: nil, lowerInclusive: true, upper: nil, upperInclusive: true)
    public static let positive = Bounds(lower: 0, lowerInclusive: false, upper: nil, upperInclusive: true)
    public static let nonNegative = Bounds(lower: 0, lowerInclusive: true, upper: nil, upperInclusive: true)
    public static let unit = Bounds(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: true)

    public static func closed(_ low: Double, _ high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: true, upper: high, upperInclusive: true)
    }

    public static func halfOpen(above low: Double, atMost high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: false, upper: high, upperInclusive: true)
    }

    public static func open(_ low: Double, _ high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: false, upper: high, upperInclusive: false)
    }

    public func contains(_ x: Double) -> Bool {
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// "> 0", "between 0 and 1", "≥ 1 and < 2" …
    public var phrase: String {
        switch (lower, upper) {
        case (nil, nil): return "finite"
        case (let l?, nil): return (lowerInclusive ? "≥ " : "> ") + formatNumber(l)
        case (nil, let u?): return (upperInclusive ? "≤ " : "< ") + formatNumber(u)
        case (let l?, let u?):
            if lowerInclusive && upperInclusive { return "between \(formatNumber(l)) and \(formatNumber(u))" }
            return (lowerInclusive ? "≥ " : "> ") + formatNumber(l) + " and " + (upperInclusive ? "≤ " : "< ")
                + formatNumber(u)
        }
    }
}

/// What one parameter of a model section is: its key, its type and unit, the values it may take,
/// whether it must be present, and what it means.
public struct ParameterSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Bounds)
        case integer(Bounds)
        case choice([String])
        case flag
        /// A file path, relative to the model file that names it.
        case path
        /// A list of whole numbers (session days).
        case integerList(Bounds)
    }

    public var key: String
    public var kind: Kind
    /// The unit the value must be given in ("1" for dimensionless numbers); nil for choices,
    /// flags and paths, which take no unit.
    public var unit: String?
    /// Always required; keys that are required only with others are checked by the section.
    public var required: Bool
    public var meaning: String

    public init(_ key: String, _ kind: Kind, unit: String?, required: Bool = true, _ meaning: String) {
        self.key = key
        self.kind = kind
        self.unit = unit
        self.required = required
        self.meaning = meaning
    }

    /// What a valid value looks like, for messages.
    public var expectation: String {
        let inUnit = unit.map { $0 == "1" ? " (dimensionless)" : " in \($0)" } ?? ""
        switch kind {
        case .number(let b): return "a number\(inUnit) \(b.phrase)"
        case .integer(let b): return "a whole number\(inUnit) \(b.phrase)"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .flag: return "true or false"
        case .path: return "a file path"
        case .integerList(let b): return "a list of whole numbers\(inUnit), each \(b.phrase)"
        }
    }
}

/// A parameter's value.
public enum ParameterValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case flag(Bool)
    case list([Double])

    public var rendered: String {
        switch self {
        case .number(let n): formatNumber(n)
        case .text(let s): s
        case .flag(let b): String(b)
        case .list(let l): l.map(formatNumber).joined(separator: ",")
        }
    }

    var json: JSONOutput {
        switch self {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? .integer(Int(n)) : .number(n)
        case .text(let s): .string(s)
        case .flag(let b): .bool(b)
        case .list(let l): .array(l.map { .integer(Int($0)) })
        }
    }
}

/// A parameter as set: value, unit, provenance, and where it was set (file or `--set`).
public struct Parameter: Sendable, Equatable {
    public var value: ParameterValue
    public var unit: String?
    public var source: String
    /// The model file (or "--set") the value came from, for messages.
    public var origin: String

    public init(value: ParameterValue, unit: String?, source: String, origin: String) {
        self.value = value
        self.unit = unit
        self.source = source
        self.origin = origin
    }
}
