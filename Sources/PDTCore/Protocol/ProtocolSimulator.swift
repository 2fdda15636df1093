import Foundation
import PDTNumerics

/// One daily sample of the response (Models/MODEL.md §6–§7); on a session day, the state just before
/// that session's jumps.
public struct TimelineSample: Sendable, Equatable {
    public var day: Int
    public var state: ResponseState
    public var poreAppearance: Double
    public var poreReductionPercent: Double
}

/// One session of a protocol run: its day, its readouts and the jumps it caused.
public struct ProtocolSession: Sendable, Equatable {
    /// Numbered from 1.
    public var number: Int
    public var day: Int
    public var result: SessionResult
    public var killFraction: Double
    public var flareIncrement: Double
}

/// The outcome of a whole protocol.
public struct ProtocolResult: Sendable, Equatable {
    public var sessions: [ProtocolSession]
    public var timeline: [TimelineSample]
    public var readouts: ProtocolReadouts
    /// Session solver statistics summed over all sessions, per phase.
    public var sessionStatistics: [SessionPhase: ODEStatistics]
    /// Response-model solver statistics.
    public var responseStatistics: ODEStatistics
}

/// Runs a protocol: sessions in order, each with the sebaceous activity the response model holds
/// just before it, and the response model integrated day by day between them.
public struct ProtocolSimulator: Sendable {
    public let treatment: TreatmentProtocol
    public private(set) var sessionModel: SessionModel

    /// - Parameters:
    ///   - jobs: the threads of a Monte Carlo skin's table (default: the active processors); the
    ///     result does not depend on them.
    ///   - tableProgress: told the nodes of a Monte Carlo skin's table while it is computed (not
    ///     when it comes from the memo or the disk cache).
    public init(
        treatment: TreatmentProtocol, data: ReferenceData, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        tableProgress: MonteCarloOptics.Progress? = nil
    ) throws(ModelError) {
        self.treatment = treatment
        sessionModel = try treatment.sessionModel(data: data, jobs: jobs, tableProgress: tableProgress)
    }

    /// The same protocol with its sessions integrated by `engine` (`pdtsim benchmark`'s CVODE run).
    public func using(_ engine: SessionEngine) -> ProtocolSimulator {
        var copy = self
        copy.sessionModel.engine = engine
        return copy
    }

    /// Runs every session and the response over days 0 … horizon.
    /// - Parameters:
    ///   - detailFirstSession: record the first session's depth profile and trace.
    ///   - cache: incubation results shared with other runs (sweeps); the result is the same without.
    ///   - workBound: the work bound of the whole run in cell-steps (`WorkBudget`).
    /// - Throws: `NumericalFailure` (with the session number for a session), `WorkLimitExceeded`
    ///   when the sessions need more than `workBound`, or `ModelError` for unusable solver settings.
    public func run(
        detailFirstSession: Bool = false, cache: IncubationCache? = nil,
        workBound: Int = WorkBudget.defaultCellSteps
    ) throws -> ProtocolResult {
        let budget = WorkBudget(cellSteps: workBound)
        let sessions = treatment.schedule.days.count
        return try ResponseTimeline.run(treatment: treatment, response: treatment.response) { number, _, activity in
            do {
                return try sessionModel.run(
                    sebaceousActivity: activity, detail: detailFirstSession && number == 1, cache: cache,
                    budget: budget)
            } catch var failure as NumericalFailure {
                failure.session = number
                throw failure
            } catch var exceeded as WorkLimitExceeded {
                exceeded.session = number
                exceeded.sessions = sessions
                throw exceeded
            }
        }
    }
}
