import PDTCore

/// What the engine hands a sink for one point: the point's protocol and its result, or why it
/// has none. The full result is there (time line, every session with its readouts, solver
/// statistics), so a sink can keep a summary row, spool the daily values, or build the point's
/// `SimulationReport`.
public struct EnsembleOutcome: Sendable {
    /// The point's index in the design.
    public var index: Int
    /// The overrides of the point, as the design gave them.
    public var overrides: [EnsembleOverride]
    /// The point's base protocol with its overrides, validated (left to the evaluation when the
    /// ensemble has its own, `Ensemble.evaluation`); nil when they could not be applied.
    public var definition: ProtocolDefinition?
    /// The protocol result, or the error that stopped the point: a `NumericalFailure` when its
    /// integration failed, a `ModelError` when it could not be set up.
    public var result: Result<ProtocolResult, any Error>

    /// The result when the point succeeded.
    public var success: ProtocolResult? { try? result.get() }

    /// The point's per-point failure status; nil when it succeeded.
    public var failure: EnsembleFailure? {
        guard case .failure(let error) = result else { return nil }
        if let numerical = error as? NumericalFailure {
            return EnsembleFailure(index: index, status: numerical.outcome.name, message: numerical.description)
        }
        if let invalid = error as? InvalidPoint {
            return EnsembleFailure(index: index, status: EnsembleFailure.invalidStatus, message: invalid.description)
        }
        if let exceeded = error as? WorkLimitExceeded {
            return EnsembleFailure(index: index, status: EnsembleFailure.workLimitStatus, message: exceeded.description)
        }
        return EnsembleFailure(index: index, status: EnsembleFailure.setupStatus, message: "\(error)")
    }

    /// `status` as a sweep row writes it: "ok" or the failure's status.
    public var status: String { failure?.status ?? "ok" }

    /// The files `simulate` would write for this point (nil when it failed). Session detail
    /// (depth profile, trace) is present only when the run asked for it.
    public var report: SimulationReport? {
        guard let definition, let result = success else { return nil }
        return SimulationReport(definition: definition, result: result)
    }
}

/// A point that has no result: its status (the solver's return-code name, `setup_error`,
/// `invalid_protocol` or `work_limit`) and the message.
public struct EnsembleFailure: Sendable, Equatable {
    /// The status of a point that could not be set up (its simulator could not be built).
    public static let setupStatus = "setup_error"
    /// The status of a sampled point whose protocol fails validation (`Ensemble.InvalidPoints`).
    public static let invalidStatus = "invalid_protocol"
    /// The status of a point that needed more solver work than one simulation may do (`WorkBudget`).
    public static let workLimitStatus = "work_limit"

    public var index: Int
    public var status: String
    public var message: String
}
