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
