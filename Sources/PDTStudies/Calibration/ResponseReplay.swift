import PDTCore

/// Re-runs only the months-long response of a protocol run, keeping or interpolating its sessions.
///
/// Each response key is classified once, in `reach`:
/// - **downstream** (τ_I, τ_P, τ_F, r_I, r_S, a_F, D₅₀,F, c_F and the follicular drive's τ_B, b_max,
///   D₅₀,B): acts after the sessions and does not feed back into them. When a calibration estimates
///   only those, each session's kinetics (the expensive part, seconds per run) are computed once and
///   the response (a linear 6-state system, milliseconds) is integrated again for every θ
///   (`run(_:treatment:response:)`). The loop is `ResponseTimeline.run`, the one
///   `ProtocolSimulator.run` uses, with the session runs replaced by the stored results (each
///   session's kill fraction is recomputed to the same value): the timeline is the same, bit for
///   bit, as a full run with the same parameters (`CalibrationTests`).
/// - **sebaceous path** (τ_S and the kill curve s_max, n, D₅₀): changes the sebaceous activity S
///   held before sessions 2, 3, …, and a session depends on S only through the scaled sebaceous
///   synthesis (`SessionModel.run(sebaceousActivity:)`). A `SessionTable` holds the session at a few
///   S nodes and interpolates its readouts in S (`run(table:treatment:response:)`).
/// Any other key (a key not listed, such as one a new response model adds before it is classified
/// here, or any key of another section) makes a calibration run every protocol in full.
public enum ResponseReplay {
    /// How far a response key reaches into a protocol run.
    public enum Reach: Sendable {
        /// After the sessions only.
        case downstream
        /// Into the sessions through the sebaceous activity S only.
        case sebaceousPath
    }

    /// Every classified response key.
    public static let reach: [String: Reach] = Dictionary(
        uniqueKeysWithValues: [
            ResponseParameters.tauInflammation, ResponseParameters.tauPore, ResponseParameters.tauFlare,
            ResponseParameters.reductionMax, ResponseParameters.flareAmplitude, ResponseParameters.flareD50,
            ResponseParameters.flareVisibility, ResponseParameters.tauDrive, ResponseParameters.driveReductionMax,
            ResponseParameters.driveD50, ResponseParameters.reductionSebumMax,
        ].map { ($0.key, Reach.downstream) }
            + [
                ResponseParameters.tauSebaceous, ResponseParameters.killMax, ResponseParameters.killHill,
                ResponseParameters.killD50,
            ].map { ($0.key, Reach.sebaceousPath) })

    /// The response keys that leave the sessions unchanged.
    public static var downstreamKeys: Set<String> { Set(reach.filter { $0.value == .downstream }.keys) }

    /// `base` with its response re-integrated under `response`; precondition: `response` differs
    /// from the one `base` was run with in downstream keys only.
    public static func run(
        _ base: ProtocolResult, treatment: TreatmentProtocol, response: Response
    ) throws -> ProtocolResult {
        try ResponseTimeline.run(treatment: treatment, response: response) { number, _, _ in
            base.sessions[number - 1].result
        }
    }

    /// The protocol's response under `response` with every session read from `table` at the S it
    /// meets; precondition: `treatment` differs from the one `table` was made with in response keys
    /// of known reach only.
    public static func run(
        table: SessionTable, treatment: TreatmentProtocol, response: Response
    ) throws -> ProtocolResult {
        try ResponseTimeline.run(treatment: treatment, response: response) { number, _, activity in
            do {
                return try table.result(at: activity)
            } catch var failure as NumericalFailure {
                failure.session = number
                throw failure
            }
        }
    }
}
