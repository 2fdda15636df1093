import Foundation
import PDTNumerics

/// One typed change to a protocol, as `--set` gives it: a declared parameter of a section set to a
/// typed value (`section.key=value`, in the unit the key's `ParameterSpec` names), or a whole
/// section replaced by a preset or a section file (`section=preset`, `section=FILE`).
///
/// Every way of setting a parameter builds one: `--set` and the serve API's `set` from text
/// (`init(assignment:)`, the one parser), sweep values from their texts, cohort subjects,
/// sensitivity runs, optimiser points and calibration's θ from numbers (`init(path:number:)`).
/// `ProtocolDefinition.apply(_:sections:)` is the one place an override is applied; it checks the
/// value against the key's type and range there, so that a sampled value out of range fails its
/// point rather than the design.
public struct Override: Sendable, Hashable {
    /// What the override changes in its section.
    public enum Change: Sendable, Hashable {
        /// The declared parameter `key` of the section set to `parameter`.
        case parameter(key: String, Parameter)
        /// The whole section replaced by a preset name, or by a section file (a reference holding a
        /// `/` or ending in `.json`, relative to the working folder).
        case section(reference: String)
    }

    public var section: Section
    public var change: Change
    /// The value as written (`633`, `fitzpatrick-5-6`; a number built from a value in shortest
    /// round-trip form), for messages and the value columns of ensemble CSVs.
    public var text: String

    /// Where a value set on the command line comes from, as its parameter's source and origin.
    public static let commandLine = (source: "set on the command line", origin: "--set")

    /// `section.key`, or `section` for a whole section.
    public var path: String {
        switch change {
        case .parameter(let key, _): "\(section.rawValue).\(key)"
        case .section: section.rawValue
        }
    }

    /// `path=text`, as `--set` takes it.
    public var assignment: String { "\(path)=\(text)" }

    /// The declaration of the parameter set; nil for a whole section.
    public var spec: ParameterSpec? {
        guard case .parameter(let key, _) = change else { return nil }
        return section.spec(key)
    }

    /// Parses `--set KEY=VALUE` (KEY as in `init(path:text:)`).
    /// - Throws: `ModelError` at `--set ASSIGNMENT` when there is no `=`, else as `init(path:text:)`.
    public init(assignment: String) throws(ModelError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ModelError("--set \(echoed(assignment))", "expected KEY=VALUE, e.g. light.center_nm=633")
        }
        try self.init(
            path: String(assignment[..<equals]).trimmingCharacters(in: .whitespaces),
            text: String(assignment[assignment.index(after: equals)...]))
    }

    /// Parses a value given as text for the key path `path` (`section.parameter` or `section`), in
    /// the unit the key names: a number, a whole number, one of a choice's options, true/false, a
    /// file path (made absolute from the working folder), or a comma list of whole numbers. The
    /// value's range is checked when it is applied.
    /// - Throws: `ModelError` at `--set PATH` for an unknown section or parameter, or a text that is
    ///   not a value of the key's type.
    public init(
        path: String, text: String, source: String = Override.commandLine.source,
        origin: String = Override.commandLine.origin
    ) throws(ModelError) {
        let (section, spec) = try Self.target(path)
        self.section = section
        self.text = text
        guard let spec else {
            change = .section(reference: text.trimmingCharacters(in: .whitespaces))
            return
        }
        let value = try spec.value(text: text, location: "--set \(echoed(path))")
        change = .parameter(key: spec.key, Parameter(value: value, unit: spec.unit, source: source, origin: origin))
    }

    /// The key path `path` set to the number `x`, written in shortest round-trip form. A key that
    /// takes no number (a choice, a flag, a whole section) reads that text as `init(path:text:)` does.
    /// - Throws: `ModelError` as `init(path:text:)`.
    public init(
        path: String, number x: Double, source: String = Override.commandLine.source,
        origin: String = Override.commandLine.origin
    ) throws(ModelError) {
        let (section, spec) = try Self.target(path)
        switch spec?.kind {
        case .number?, .integer?:
            self.init(section: section, key: spec!.key, number: x, source: source, origin: origin)
        default:
            try self.init(path: path, text: formatNumber(x), source: source, origin: origin)
        }
    }

    /// The declared number parameter `key` of `section` set to `x`, written in shortest round-trip
    /// form. Precondition: `key` is a number or whole-number parameter of `section`.
    public init(
        section: Section, key: String, number x: Double, source: String = Override.commandLine.source,
        origin: String = Override.commandLine.origin
    ) {
        let spec = section.spec(key)
        switch spec?.kind {
        case .number?, .integer?: break
        default: preconditionFailure("\(section.rawValue).\(key) is not a number parameter")
        }
        self.section = section
        text = formatNumber(x)
        change = .parameter(key: key, Parameter(value: .number(x), unit: spec?.unit, source: source, origin: origin))
    }

    /// The section `section` replaced by the preset or section file `reference`.
    public init(section: Section, reference: String) {
        self.section = section
        self.text = reference
        change = .section(reference: reference)
    }

    /// The section and, for `section.parameter`, the parameter's declaration of a key path.
    /// - Throws: `ModelError` at `--set PATH` for an unknown section or parameter, naming the known ones.
    static func target(_ path: String) throws(ModelError) -> (Section, ParameterSpec?) {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        let sectionNames = Section.allCases.map(\.rawValue)
        let shown = "--set \(echoed(path))"
        guard let first = parts.first, let section = Section(rawValue: first) else {
            let name = echoed(parts.first ?? "")
            throw ModelError(
                shown,
                "unknown section '\(name)'\(suggestion(parts.first ?? "", among: sectionNames)); expected KEY as SECTION.PARAMETER or SECTION with SECTION one of \(sectionNames.joined(separator: ", "))"
            )
        }
        guard parts.count > 1 else { return (section, nil) }
        let key = parts[1]
        guard let spec = section.spec(key) else {
            let keys = section.specs.map(\.key)
            throw ModelError(
                shown,
                "unknown \(section.rawValue) parameter '\(echoed(key))'\(suggestion(key, among: keys)); expected one of \(keys.map { "\(section.rawValue).\($0)" }.joined(separator: ", "))"
            )
        }
        return (section, spec)
    }
}
