import PDTNumerics

/// The months-long response of a protocol (Models/MODEL.md §6–§7): the response model integrated
/// day by day over days 0 … horizon, with each session's jumps applied on its day (kill
/// S ← S(1 − s(D_seb)), drive B ← B(1 − b(D_epi)), flare F ← F + f(D_epi)) and the driver reset
/// after them.
///
/// `ProtocolSimulator` runs the sessions inside this loop (each needs the sebaceous activity of
/// its day); `ResponseReplay` hands back stored sessions to re-integrate the response alone. Both
/// share this one loop, so a replay is bit for bit the run it replaces.
package enum ResponseTimeline {
    /// A session's result, given its number (from 1), its day and the sebaceous activity S held
    /// just before it.
    package typealias SessionProvider = (_ number: Int, _ day: Int, _ sebaceousActivity: Double) throws -> SessionResult

    /// Integrates `response` over the protocol's days, calling `session` on each session day.
    /// - Returns: the result, with `sessionStatistics` summed over the sessions' phases.
    /// - Throws: what `session` throws; `NumericalFailure` (phase `.response`) when the response
    ///   integration fails; `ModelError` for unusable response solver settings.
    package static func run(
        treatment: TreatmentProtocol, response: Response, session: SessionProvider
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
        var statistics: [SessionPhase: ODEStatistics] = [:]
        var nextSession = 0
        var t = 0.0
        for day in 0...horizon {
            let current = ResponseState(state)
            timeline.append(
                TimelineSample(
                    day: day, state: current, poreAppearance: current.poreAppearance(response),
                    poreReductionPercent: current.poreReductionPercent(response)))
            while nextSession < days.count && days[nextSession] == day {
                let number = nextSession + 1
                let result = try session(number, day, current.sebaceousActivity)
                let kill = response.killFraction(sebaceousDoseUM: result.doseSebaceousUM)
                let flare = response.flareIncrement(epidermalDoseUM: result.doseEpidermisUM)
                state[0] *= 1 - kill
                state[5] *= 1 - response.driveReduction(epidermalDoseUM: result.doseEpidermisUM)
                state[2] += flare
                driver.reset()
                sessions.append(
                    ProtocolSession(number: number, day: day, result: result, killFraction: kill, flareIncrement: flare)
                )
                for (phase, stats) in result.statistics {
                    statistics[phase] = statistics[phase].map { $0 + stats } ?? stats
                }
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
            sessions: sessions, timeline: timeline, readouts: readouts, sessionStatistics: statistics,
            responseStatistics: driver.statistics)
    }
}
