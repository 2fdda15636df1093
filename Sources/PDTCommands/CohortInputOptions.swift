import ArgumentParser
import PDTCore
import PDTModelFiles
import PDTStudies

/// The inputs of the commands that run a cohort file (cohort, sensitivity), declared once: the
/// cohort, its base protocol with `--set` overrides, the seed of the design, and the model folder.
struct CohortInputOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("A cohort preset name or a cohort file (.json).", valueName: "NAME|FILE"),
        completion: Completions.cohorts)
    var cohort = "facial-skin-population"

    @Option(
        name: .long,
        help: ArgumentHelp("The base protocol (default: the cohort file's own).", valueName: "NAME|FILE"),
        completion: Completions.protocols)
    var `protocol`: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override one parameter of the base protocol (as for simulate). Repeatable.", valueName: "KEY=VALUE"),
        completion: Completions.assignments)
    var overrides: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Seed of the design (default: the cohort file's).", valueName: "S"))
    var seed: UInt64?

    @OptionGroup var library: LibraryOptions

    /// The cohort file, its base protocol after `--set`, and the seed, read from `library`.
    func resolve(_ library: ModelLibrary) throws -> CohortInputs {
        try CohortInputs(
            library: library, cohort: cohort, protocolArgument: `protocol`, overrides: overrides, seed: seed)
    }
}

/// A cohort run's inputs as read: the cohort definition, the base protocol (the cohort file's own
/// or `--protocol`) with the overrides applied, and the seed (the cohort file's unless given).
struct CohortInputs {
    let definition: CohortDefinition
    let base: ProtocolDefinition
    let seed: UInt64

    init(library: ModelLibrary, cohort: String, protocolArgument: String?, overrides: [String], seed: UInt64?) throws {
        definition = try CohortDefinition.load(cohort, library: library)
        var base = try library.loadProtocol(protocolArgument ?? definition.protocolName)
        try base.apply(overrides, library: library)
        self.base = base
        self.seed = seed ?? definition.seed
    }
}
