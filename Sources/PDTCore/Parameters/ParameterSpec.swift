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
    /// Why the range is what it is (physics, or what the numerics can resolve), for `show` and
    /// the README's key table; empty for choices, flags and paths.
    public var rangeReason: String
    /// The value an optional parameter takes when no file sets it, with its source; a protocol
    /// holds it like a value set in a file (so `show` and summary.json list it).
    public var defaultValue: (value: ParameterValue, source: String)?
    /// The `format_version` of its section's files that introduced the key: a section file of an
    /// older version may not hold it (it takes its default there). 1 for the keys of the first format.
    public var formatVersion: Int

    public init(
        _ key: String, _ kind: Kind, unit: String?, required: Bool = true, _ meaning: String, range reason: String = "",
        default defaultValue: (value: ParameterValue, source: String)? = nil, formatVersion: Int = 1
    ) {
        self.key = key
        self.kind = kind
        self.unit = unit
        self.required = required
        self.meaning = meaning
        self.rangeReason = reason
        self.defaultValue = defaultValue
        self.formatVersion = formatVersion
    }

    public static func == (a: ParameterSpec, b: ParameterSpec) -> Bool {
        a.key == b.key && a.kind == b.kind && a.unit == b.unit && a.required == b.required && a.meaning == b.meaning
            && a.rangeReason == b.rangeReason && a.defaultValue?.value == b.defaultValue?.value
            && a.defaultValue?.source == b.defaultValue?.source && a.formatVersion == b.formatVersion
    }

    /// The default as a parameter (origin "default"), if the spec has one.
    public var defaultParameter: Parameter? {
        defaultValue.map { Parameter(value: $0.value, unit: unit, source: $0.source, origin: "default") }
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
