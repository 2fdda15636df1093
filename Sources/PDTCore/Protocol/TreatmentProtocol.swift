import Foundation
import PDTNumerics

/// A fully resolved treatment protocol: every part the simulator needs, in typed form.
/// Built from model files by `ProtocolDefinition.resolve`, or directly in code and tests.
public struct TreatmentProtocol: Sendable, Equatable {
    public var name: String
    public var cream: Cream
    public var light: LightSource
    public var skin: Skin
    public var grid: DepthGrid
    public var kinetics: Kinetics
    public var response: Response
    public var session: SessionSettings
    public var solver: SolverSettings
    public var schedule: Schedule
    public var readouts: ReadoutSettings

    public init(
        name: String, cream: Cream, light: LightSource, skin: Skin, grid: DepthGrid, kinetics: Kinetics,
        response: Response, session: SessionSettings, solver: SolverSettings, schedule: Schedule,
        readouts: ReadoutSettings
    ) {
        self.name = name
        self.cream = cream
        self.light = light
        self.skin = skin
        self.grid = grid
        self.kinetics = kinetics
        self.response = response
        self.session = session
        self.solver = solver
        self.schedule = schedule
        self.readouts = readouts
    }

    /// The session model of this protocol (spectrum, optics and grid prepared); a Monte Carlo
    /// skin's table runs on `jobs` threads (default: the active processors) and tells
    /// `tableProgress` its nodes as it computes them, neither of which changes it.
    public func sessionModel(
        data: ReferenceData, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        tableProgress: MonteCarloOptics.Progress? = nil
    ) throws(ModelError) -> SessionModel {
        try SessionModel(
            grid: grid, skin: skin, kinetics: kinetics, cream: cream, light: light, settings: session,
            solver: solver, data: data,
            transport: LightTransport(skin: skin, data: data, jobs: jobs, tableProgress: tableProgress))
    }
}
