import Foundation
import PDTNumerics

extension ProtocolDefinition {
    /// Applies overrides in order, then validates the protocol once (so that keys which only make
    /// sense together, such as fraction_on_s and fraction_off_s, can be given together).
    public mutating func apply(_ overrides: [Override], sections: some SectionLibrary) throws(ModelError) {
        for override in overrides { try apply(override, sections: sections) }
        try validate()
    }

    /// Parses and applies `--set KEY=VALUE` assignments in order, each read (`Override(assignment:)`)
    /// just before it is applied so that the first mistake on the command line is the one
    /// reported, then the typed overrides `extra` (a command's own flags), then validates once.
    public mutating func apply(
        _ assignments: [String], extra: [Override] = [], library: some SectionLibrary
    ) throws(ModelError) {
        for assignment in assignments { try apply(Override(assignment: assignment), sections: library) }
        for override in extra { try apply(override, sections: library) }
        try validate()
    }

    /// Applies one override without re-validating the whole protocol: the value is checked against
    /// its key's type and range and set (`SectionValues.assign`, keeping alternatives consistent),
    /// or the section is replaced by the one `sections` loads; then unset keys take their defaults.
    /// - Throws: `ModelError` at `--set PATH` for a value out of range or a preset or section file
    ///   that cannot be loaded.
    public mutating func apply(_ override: Override, sections source: some SectionLibrary) throws(ModelError) {
        let section = override.section
        let shown = "--set \(echoed(override.path))"
        switch override.change {
        case .section(let reference):
            do {
                sections[section] = try source.loadSection(section, reference: reference, relativeTo: nil)
            } catch let error where error.location == section.rawValue {
                throw ModelError(shown, error.problem)
            }
        case .parameter(let key, let parameter):
            let written = "'\(override.text.trimmingCharacters(in: .whitespaces))'"
            try section.spec(key)!.check(parameter.value, location: shown, written: written)
            sections[section, default: SectionValues(section: section)].assign(key, parameter)
        }
        sections[section]?.fillDefaults()
    }
}
