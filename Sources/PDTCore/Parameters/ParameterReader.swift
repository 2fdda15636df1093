import PDTNumerics

/// Typed reading of one section's values through its declared `ParameterSpec`s, for the section's
/// builder. It remembers which keys were read, so that a test can check a builder reads every
/// declared parameter. A missing or mistyped value is a `ModelError`, never a crash.
public final class ParameterReader {
    public let values: SectionValues
    /// Where a missing parameter should have been given (the protocol or section file).
    public let location: String
    /// The keys read so far.
    public private(set) var read: Set<String> = []

    public init(_ values: SectionValues, location: String) {
        self.values = values
        self.location = location
    }

    var section: String { values.section.rawValue }

    /// True when the parameter is set.
    public func has(_ spec: ParameterSpec) -> Bool {
        read.insert(spec.key)
        return values.values[spec.key] != nil
    }

    /// The parameter as set, else the spec's default (for a section built without
    /// `SectionValues.fillDefaults`).
    /// - Throws: `ModelError` at `location` when it is missing and has no default.
    public func parameter(_ spec: ParameterSpec) throws(ModelError) -> Parameter {
        read.insert(spec.key)
        guard let parameter = values.values[spec.key] ?? spec.defaultParameter else {
            throw ModelError(
                location, "\(section).\(spec.key) is missing; expected \(spec.expectation) (\(spec.meaning))")
        }
        return parameter
    }

    /// "FILE: section.key" or "--set: section.key": where the value was set, for messages.
    public func location(_ spec: ParameterSpec) -> String { values.location(spec.key) }

    /// True when the value was set by `--set` (a message about several keys blames that one).
    public func setOnCommandLine(_ spec: ParameterSpec) -> Bool { values.values[spec.key]?.origin == "--set" }

    /// The location of the first of `specs` set by `--set`, else of the first one set.
    public func blame(_ specs: ParameterSpec...) -> String {
        let set = specs.filter { values.values[$0.key] != nil }
        return location(set.first(where: setOnCommandLine) ?? set.first ?? specs[0])
    }

    private func mistyped(_ spec: ParameterSpec, _ parameter: Parameter) -> ModelError {
        ModelError(location(spec), "\(echoed(parameter.value.rendered)) is not valid; expected \(spec.expectation)")
    }

    public func number(_ spec: ParameterSpec) throws(ModelError) -> Double {
        let parameter = try self.parameter(spec)
        guard case .number(let n) = parameter.value, n.isFinite else { throw mistyped(spec, parameter) }
        return n
    }

    /// A whole number that fits an `Int`.
    public func integer(_ spec: ParameterSpec) throws(ModelError) -> Int {
        let parameter = try self.parameter(spec)
        guard case .number(let n) = parameter.value, let i = Int(exactly: n) else { throw mistyped(spec, parameter) }
        return i
    }

    public func text(_ spec: ParameterSpec) throws(ModelError) -> String {
        let parameter = try self.parameter(spec)
        guard case .text(let s) = parameter.value else { throw mistyped(spec, parameter) }
        return s
    }

    public func flag(_ spec: ParameterSpec) throws(ModelError) -> Bool {
        let parameter = try self.parameter(spec)
        guard case .flag(let b) = parameter.value else { throw mistyped(spec, parameter) }
        return b
    }

    /// A list of whole numbers that fit an `Int`.
    public func integers(_ spec: ParameterSpec) throws(ModelError) -> [Int] {
        let parameter = try self.parameter(spec)
        guard case .list(let l) = parameter.value else { throw mistyped(spec, parameter) }
        var result: [Int] = []
        for n in l {
            guard let i = Int(exactly: n) else { throw mistyped(spec, parameter) }
            result.append(i)
        }
        return result
    }

    /// A choice read as the enumeration whose raw values are its options.
    public func choice<T: RawRepresentable>(_ spec: ParameterSpec, as type: T.Type) throws(ModelError) -> T
    where T.RawValue == String {
        let parameter = try self.parameter(spec)
        guard case .text(let s) = parameter.value, let value = T(rawValue: s) else { throw mistyped(spec, parameter) }
        return value
    }
}
