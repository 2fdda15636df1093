import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles

/// The options every command that works on a protocol shares.
struct ProtocolOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("A protocol preset name or a protocol file (.json).", valueName: "NAME|FILE"),
        completion: Completions.protocols)
    var `protocol`: String = "allumera-blue"

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override one parameter by its dotted path, in the unit its name gives (light.center_nm=633), or replace a section by a preset (skin=fitzpatrick-5-6). Repeatable.",
            valueName: "KEY=VALUE"),
        completion: Completions.assignments)
    var overrides: [String] = []

    @OptionGroup var library: LibraryOptions

    /// The protocol with every override (then `extra`, a command's own) applied and validated.
    func definition(_ library: ModelLibrary, extra: [Override] = []) throws -> ProtocolDefinition {
        var definition = try library.loadProtocol(`protocol`)
        try definition.apply(overrides, extra: extra, library: library)
        return definition
    }
}

/// Where the model files are.
struct LibraryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The model folder (default: $PDTSIM_MODELS, else the Models/ of this build).", valueName: "DIR"),
        completion: .directory)
    var models: String?

    func load() throws -> ModelLibrary {
        try ModelLibrary.locate(
            explicit: models, environment: ProcessInfo.processInfo.environment,
            executablePath: CommandLine.arguments.first.flatMap { Self.executablePath($0) })
    }

    static func executablePath(_ argument: String) -> String? {
        if argument.contains("/") { return argument }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(argument)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
