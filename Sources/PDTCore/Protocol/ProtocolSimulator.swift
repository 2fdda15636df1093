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
    public let sessionModel: SessionModel

    public init(treatment: TreatmentProtocol, data: ReferenceData) throws(ModelError) {
        self.treatment = treatment
        sessionModel = try treatment.sessionModel(data: data)
    }

    /// Runs every session and the response over days 0 … horizon.
    /// - Parameters:
    ///   - detailFirstSession: record the first session's depth profile and trace.
    ///   - cache: incubation results shared with other runs (sweeps); the result is the same without.
    /// - Throws: `NumericalFailure` (with the session number for a session) or `ModelError` for unusable
    ///   solver settings.
    public func run(detailFirstSession: Bool = false, cache: IncubationCache? = nil) throws -> ProtocolResult {
        let response = treatment.response
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
                let result: SessionResult
                do {
                    result = try sessionModel.run(
                        sebaceousActivity: current.sebaceousActivity, detail: detailFirstSession && number == 1,
                        cache: cache)
                } catch var failure as NumericalFailure {
                    failure.session = number
                    throw failure
                }
                let kill = response.killFraction(sebaceousDoseUM: result.doseSebaceousUM)
                let flare = response.flareIncrement(epidermalDoseUM: result.doseEpidermisUM)
                state[0] *= 1 - kill
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
