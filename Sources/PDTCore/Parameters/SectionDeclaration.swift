import PDTNumerics

/// One section of a protocol, declared once: its parameters (key, kind and range, unit, meaning)
/// and how its domain value is built from them. A new parameter is one `ParameterSpec` property
/// of the declaration, read by `build` through that property (so a misspelt key cannot compile);
/// a test checks that `build` reads every declared parameter and nothing else.
public protocol SectionDeclaration {
    /// The typed value the section builds (`Cream`, `LightSource`, …).
    associatedtype Value
    /// The section's parameters, in the order they are shown and written.
    static var parameters: [ParameterSpec] { get }
    /// Pairs of parameter groups that replace each other: a file may set only one side, and
    /// setting one side (`--set`) drops the other.
    static var alternatives: [Alternative] { get }
    /// Keys that setting `key` to `value` drops besides the alternatives (a new spectrum shape
    /// drops the keys of the others).
    static func dropped(bySetting key: String, to value: ParameterValue) -> [String]
    /// Builds the domain value from a complete section, checking what its keys require of each
    /// other.
    /// - Throws: `ModelError` at the key to blame.
    static func build(_ p: ParameterReader) throws(ModelError) -> Value
}

/// Two groups of parameters that replace each other (a light's fluence or its duration).
public struct Alternative: Sendable {
    public var first: [ParameterSpec]
    public var second: [ParameterSpec]
    /// What is expected instead of both ("one of them, the quantity held per session").
    public var expectation: String

    public init(_ first: [ParameterSpec], _ second: [ParameterSpec], expectation: String) {
        self.first = first
        self.second = second
        self.expectation = expectation
    }
}

extension SectionDeclaration {
    public static var alternatives: [Alternative] { [] }

    public static func dropped(bySetting key: String, to value: ParameterValue) -> [String] { [] }

    /// Checks a section is complete (every required parameter present) and consistent (it builds).
    public static func check(_ values: SectionValues, location: String) throws(ModelError) {
        let reader = ParameterReader(values, location: location)
        for spec in parameters where spec.required { _ = try reader.parameter(spec) }
        _ = try build(reader)
    }
}
