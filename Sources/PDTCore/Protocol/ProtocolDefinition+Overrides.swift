import Foundation
import PDTNumerics

extension ProtocolDefinition {
    /// Applies `--set KEY=VALUE` overrides in order, then validates the protocol once (so that keys
    /// which only make sense together, such as fraction_on_s and fraction_off_s, can be given
    /// together). `section.key=value` sets one parameter in the unit the key names;
    /// `section=preset` replaces a whole section by a preset, and `section=FILE` (a value holding a
    /// `/` or ending in `.json`) by a section file, relative to the working folder.
    public mutating func apply(_ assignments: [String], library: some SectionLibrary) throws(ModelError) {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ModelError("--set \(echoed(assignment))", "expected KEY=VALUE, e.g. light.center_nm=633")
            }
            let path = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...])
            try set(path: path, text: text, library: library)
        }
        try validate()
    }

    /// Sets one key path to a value given as text, without re-validating the whole protocol.
    public mutating func set(path: String, text: String, library: some SectionLibrary) throws(ModelError) {
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
        if parts.count == 1 {
            let reference = text.trimmingCharacters(in: .whitespaces)
            do {
                sections[section] = try library.loadSection(section, reference: reference, relativeTo: nil)
                sections[section]?.fillDefaults()
            } catch let error where error.location == section.rawValue {
                throw ModelError(shown, error.problem)
            }
            return
        }
        let key = parts[1]
        guard let spec = section.spec(key) else {
            let keys = section.specs.map(\.key)
            throw ModelError(
                shown,
                "unknown \(section.rawValue) parameter '\(echoed(key))'\(suggestion(key, among: keys)); expected one of \(keys.map { "\(section.rawValue).\($0)" }.joined(separator: ", "))"
            )
        }
        let parameter = try spec.parse(text: text, location: shown)
        sections[section, default: SectionValues(section: section)].assign(key, parameter)
        sections[section]?.fillDefaults()
    }
}
