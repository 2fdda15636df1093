/// Re-runs only the months-long response of a protocol run, keeping its sessions.
///
/// The response parameters τ_I, τ_P, τ_F, r_I, r_S, a_F, D₅₀,F, c_F and the drive's τ_B, b_max and
/// D₅₀,B act after the sessions and do not feed back into them (the sessions depend on the
/// sebaceous activity S only, and S depends on τ_S and the kill curve alone, Models/MODEL.md §6).
/// When a calibration estimates only those, each session's kinetics (the expensive part, seconds
/// per run) are computed once and the response (a 6-state system, milliseconds) is integrated
/// again for every θ. The loop is
/// `ResponseTimeline.run`, the one `ProtocolSimulator.run` uses, with the session runs replaced by
/// the stored results (the kill curve's parameters are not downstream keys, so each session's kill
/// fraction is recomputed to the same value): the timeline is the same, bit for bit, as a full run
/// with the same parameters (`CalibrationTests`).
public enum ResponseReplay {
    /// The response keys that leave the sessions unchanged.
    public static let downstreamKeys = Set(
        [
            ResponseParameters.tauInflammation, ResponseParameters.tauPore, ResponseParameters.tauFlare,
            ResponseParameters.reductionMax, ResponseParameters.flareAmplitude, ResponseParameters.flareD50,
            ResponseParameters.flareVisibility, ResponseParameters.tauDrive, ResponseParameters.driveReductionMax,
            ResponseParameters.driveD50, ResponseParameters.reductionSebumMax,
        ].map(\.key))

    /// `base` with its response re-integrated under `response`; precondition: `response` differs
    /// from the one `base` was run with in `downstreamKeys` only.
    public static func run(
        _ base: ProtocolResult, treatment: TreatmentProtocol, response: Response
    ) throws -> ProtocolResult {
        try ResponseTimeline.run(treatment: treatment, response: response) { number, _, _ in
            base.sessions[number - 1].result
        }
    }
}
