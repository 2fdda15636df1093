/// Re-runs only the months-long response of a protocol run, keeping its sessions.
///
/// The response parameters τ_I, τ_P, τ_F, r_max, a_F, D₅₀,F and c_F act after the sessions and do
/// not feed back into them (the sessions depend on the sebaceous activity S only, and S depends on
/// τ_S and the kill curve alone, Models/MODEL.md §6). When a calibration estimates only those, each
/// session's kinetics (the expensive part, seconds per run) are computed once and the response
/// (a linear 5-state system, milliseconds) is integrated again for every θ. The loop is the one of
/// `ProtocolSimulator.run` with the session runs replaced by the stored results, so the timeline
/// is the same, bit for bit, as a full run with the same parameters (`ResponseReplayTests`).
public enum ResponseReplay {
    /// The response keys that leave the sessions unchanged.
    public static let downstreamKeys: Set<String> = [
        "tau_inflammation_days", "tau_pore_days", "tau_flare_days", "reduction_max", "flare_amplitude",
        "flare_d50_uM", "flare_visibility",
    ]

    /// `base` with its response re-integrated under `response`; precondition: `response` differs
    /// from the one `base` was run with in `downstreamKeys` only.
    public static func run(
        _ base: ProtocolResult, treatment: TreatmentProtocol, response: Response
    ) throws -> ProtocolResult {
        let days = treatment.schedule.days
        let horizon = treatment.schedule.horizonDays
        let solver = treatment.solver
        let driver: ODEDriver
        do {
            driver = try ODEDriver(
                system: response.system, stepper: solver.responseStepper,
                tolerances: ODETolerances(
                    absolute: solver.responseAbsoluteTolerance, relative: solver.responseRelativeTolerance),
                limits: ODEStepLimits(initialStep: 1e-3, maxSteps: solver.maxSteps))
        } catch {
            throw ModelError("solver", "cannot set up the response solver: \(error)")
        }
        var state = ResponseState.baseline.vector
        var sessions: [ProtocolSession] = []
        var timeline: [TimelineSample] = []
        var nextSession = 0
        var t = 0.0
        for day in 0...horizon {
            let current = ResponseState(state)
            timeline.append(
                TimelineSample(
                    day: day, state: current, poreAppearance: current.poreAppearance(response),
                    poreReductionPercent: current.poreReductionPercent(response)))
            while nextSession < days.count && days[nextSession] == day {
                var session = base.sessions[nextSession]
                let flare = response.flareIncrement(epidermalDoseUM: session.result.doseEpidermisUM)
                session.flareIncrement = flare
                state[0] *= 1 - session.killFraction
                state[2] += flare
                driver.reset()
                sessions.append(session)
                nextSession += 1
            }
            if day < horizon {
                let outcome = driver.integrate(from: &t, to: Double(day + 1), state: &state)
                guard outcome == .success else { throw NumericalFailure(phase: .response, time: t, outcome: outcome) }
            }
        }
        let readouts = ProtocolReadouts(
            reductions: timeline.map(\.poreReductionPercent), sessionDays: days,
            evaluationDay: treatment.readouts.evaluationDay, targetPercent: treatment.readouts.targetPercent,
            incidentFluences: sessions.map(\.result.incidentFluenceJPerCm2),
            ppixWeightedFluences: sessions.map(\.result.ppixWeightedFluenceJPerCm2))
        return ProtocolResult(
            sessions: sessions, timeline: timeline, readouts: readouts, sessionStatistics: base.sessionStatistics,
            responseStatistics: driver.statistics)
    }
}
