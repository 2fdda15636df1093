import ArgumentParser
import PDTCore
import PDTStudies

/// `pdtsim show`: the resolved protocol, every parameter with its unit and source, and below it
/// the range it must lie in.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the resolved protocol: every parameter with its value, unit and source.")

    @OptionGroup var options: ProtocolOptions

    @Flag(name: .long, help: "Print the resolved protocol as a model file (JSON) instead.")
    var json = false

    func run() throws {
        let library = try options.library.load()
        let definition = try options.definition(library)
        _ = try definition.resolve()
        if json {
            print(definition.json.text())
            return
        }
        print("protocol \(definition.name): \(definition.description)")
        print("  from \(definition.origin)")
        for section in Section.allCases {
            guard let values = definition.sections[section] else { continue }
            print("\n[\(section.rawValue)]" + (values.preset.map { " preset \($0)" } ?? ""))
            let rows = section.specs.compactMap { spec in values.values[spec.key].map { (spec, $0) } }
            let width = rows.map { $0.0.key.count }.max() ?? 0
            for (spec, parameter) in rows {
                let unit = parameter.unit.map { $0 == "1" ? "" : " \($0)" } ?? ""
                let key = spec.key.padding(toLength: width, withPad: " ", startingAt: 0)
                print("  \(key) = \(parameter.value.rendered)\(unit)    # \(parameter.source)")
                print("  \(String(repeating: " ", count: width))   expected: \(spec.expectation)")
            }
        }
    }
}
