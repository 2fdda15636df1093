import PDTNumerics

/// The parameters of one section as set, with where each came from.
public struct SectionValues: Sendable, Equatable {
    public var section: Section
    /// The preset the section started from, if any.
    public var preset: String?
    public var values: [String: Parameter]
    /// The section files read for it, the named one first, then those it extends.
    public var files: [String] = []

    public init(section: Section, preset: String? = nil, values: [String: Parameter] = [:]) {
        self.section = section
        self.preset = preset
        self.values = values
    }

    /// Sets `key`, keeping the section's alternatives consistent: setting one side of an
    /// `Alternative` drops the other (a light's fluence and duration; explicit session days and
    /// the regular series), and the declaration may drop more (a new spectrum shape drops the keys
    /// of the other shapes).
    public mutating func assign(_ key: String, _ parameter: Parameter) {
        let declaration = section.declaration
        for alternative in declaration.alternatives {
            if alternative.first.contains(where: { $0.key == key }) {
                for spec in alternative.second { values[spec.key] = nil }
            }
            if alternative.second.contains(where: { $0.key == key }) {
                for spec in alternative.first { values[spec.key] = nil }
            }
        }
        for other in declaration.dropped(bySetting: key, to: parameter.value) { values[other] = nil }
        values[key] = parameter
    }

    /// Sets every parameter that is not set and has a declared default to that default.
    public mutating func fillDefaults() {
        for spec in section.specs where values[spec.key] == nil {
            if let parameter = spec.defaultParameter { values[spec.key] = parameter }
        }
    }

    /// Sets every parameter of `other` in turn, in declaration order (so a light's spectrum comes
    /// before its shape keys, which survive).
    public mutating func overlay(_ other: [String: Parameter]) {
        let order = section.specs.map(\.key)
        for key in other.keys.sorted(by: { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) }) {
            assign(key, other[key]!)
        }
    }

    /// Checks that one object of parameters does not set both sides of an alternative.
    package static func checkExclusive(
        _ values: [String: Parameter], section: Section, location: String
    ) throws(ModelError) {
        for alternative in section.declaration.alternatives {
            let first = alternative.first.map(\.key).filter { values[$0] != nil }
            let second = alternative.second.map(\.key).filter { values[$0] != nil }
            guard first.isEmpty || second.isEmpty else {
                throw ModelError(
                    location,
                    "sets both \(first.joined(separator: ", ")) and \(second.joined(separator: ", ")); expected \(alternative.expectation)"
                )
            }
        }
    }

    /// "FILE: section.key" or "--set: section.key": where `key` was set, for messages.
    package func location(_ key: String) -> String { "\(values[key]?.origin ?? "?"): \(section.rawValue).\(key)" }

    /// Checks the section is complete and consistent on its own: its declaration builds it.
    /// `location` names where a missing key should have been given.
    public func validate(location: String) throws(ModelError) {
        try section.declaration.check(self, location: location)
    }

    /// The number set for `spec`, a parameter of this section's declaration (NaN when it is not
    /// set or not a number). For callers outside the protocol layer that read one value of a
    /// validated section; builders read through a `ParameterReader` instead. Taking the
    /// declaration's spec, not a key string, a misspelt key cannot compile.
    package func number(_ spec: ParameterSpec) -> Double {
        guard case .number(let n)? = values[spec.key]?.value else { return .nan }
        return n
    }

    /// The whole number set for `spec` (0 when it is not set or not a whole number that fits);
    /// see `number(_:)`.
    package func integer(_ spec: ParameterSpec) -> Int { Int(exactly: number(spec)) ?? 0 }
}
