/// The sections of a protocol; each can be a preset model file of its own kind
/// (`Models/<directory>/<name>.json`) or be written inline in a protocol. Each section's
/// parameters are declared once, in its `declaration`, next to the domain type it builds.
public enum Section: String, Sendable, CaseIterable, Codable {
    case cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts

    /// The folder of Models/ that holds this section's presets.
    public var directory: String {
        switch self {
        case .cream: "creams"
        case .light: "lights"
        case .skin: "skins"
        case .grid: "grids"
        case .kinetics: "kinetics"
        case .response: "responses"
        case .solver: "solvers"
        case .session: "sessions"
        case .schedule: "schedules"
        case .readouts: "readouts"
        }
    }

    /// The declaration of this section's parameters and of how its value is built.
    public var declaration: any SectionDeclaration.Type {
        switch self {
        case .cream: CreamParameters.self
        case .light: LightParameters.self
        case .skin: SkinParameters.self
        case .grid: GridParameters.self
        case .kinetics: KineticsParameters.self
        case .response: ResponseParameters.self
        case .solver: SolverParameters.self
        case .session: SessionParameters.self
        case .schedule: ScheduleParameters.self
        case .readouts: ReadoutParameters.self
        }
    }

    /// The parameters of this section, in the order they are shown and written.
    public var specs: [ParameterSpec] { declaration.parameters }

    public func spec(_ key: String) -> ParameterSpec? { specs.first { $0.key == key } }

    /// The newest `format_version` of this section's files: the highest that introduced one of its
    /// keys. A section file may declare any version from 1 to this one; pdtsim writes this one.
    public var formatVersion: Int { specs.map(\.formatVersion).max() ?? 1 }
}
