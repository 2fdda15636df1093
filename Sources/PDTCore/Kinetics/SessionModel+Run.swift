import PDTNumerics

extension SessionModel {
    /// Runs one session: incubation (cream on, dark), illumination (light on, with its dark
    /// fractions; cream off unless `creamOnDuringLight`), after-care (dark, cream off), each a
    /// separate integration with a fresh driver, and every light switch a driver reset.
    ///
    /// Initial state: a = p = d = 0, o = o₀. Incubation and after-care carry only (a, p) per cell:
    /// with R = 0 and o = o₀ uniform, o and d stay constant there.
    ///
    /// - Parameters:
    ///   - sebaceousActivity: S_act just before the session, scaling the sebaceous synthesis.
    ///   - detail: also record the depth profile and the trace at every accepted step.
    ///   - cache: incubation results to reuse and to add to (the result is the same with or without).
    ///   - budget: the simulation's work bound, charged with every phase's step attempts.
    /// - Throws: `NumericalFailure` when a phase does not integrate; `WorkLimitExceeded` (session 0,
    ///   for the caller to fill in) when `budget` runs out; `ModelError` when the solver settings
    ///   are unusable.
    public func run(
        sebaceousActivity: Double, detail: Bool = false, cache: IncubationCache? = nil, budget: WorkBudget? = nil
    ) throws
        -> SessionResult
    {
        let equations = equations(sebaceousActivity: sebaceousActivity)
        let cells = grid.count
        let baseline = kinetics.oxygenBaselineUM
        var statistics: [SessionPhase: ODEStatistics] = [:]
        var trace: [SessionTraceSample] = []

        // 1. Incubation: (a, p) per cell, cream on, light off.
        let incubation = SessionEquations.Layout(withOxygen: false, creamOn: true, lightOn: false)
        var dark = [Double](repeating: 0, count: equations.dimension(incubation))
        var t = 0.0
        func darkSample(
            _ t: Double, _ phase: SessionPhase, _ layout: SessionEquations.Layout, _ value: (Int) -> Double,
            dose: (Double, Double), oxygen: Double?
        ) {
            trace.append(
                SessionTraceSample(
                    timeS: t, phase: phase, lightOn: false,
                    prodrugEpidermis: weighted(epidermisWeights, layout, 0, value),
                    prodrugSebaceous: weighted(sebaceousWeights, layout, 0, value),
                    ppixEpidermis: weighted(epidermisWeights, layout, 1, value),
                    ppixSebaceous: weighted(sebaceousWeights, layout, 1, value),
                    oxygenEpidermis: oxygen, oxygenSebaceous: oxygen, doseEpidermis: dose.0, doseSebaceous: dose.1))
        }
        let cache = engine.usesCache ? cache : nil
        let key = IncubationCache.Key(
            grid: grid, skin: skin, kinetics: kinetics, cream: cream, incubationSeconds: settings.incubationSeconds,
            solver: solver, sebaceousActivity: sebaceousActivity)
        if let entry = cache?.entry(key, needsTrace: detail) {
            dark = entry.state
            statistics[.incubation] = entry.statistics
            budget?.charge(entry.statistics, cells: cells)
            trace = entry.trace ?? []
            t = settings.incubationSeconds
        } else {
            if detail { darkSample(0, .incubation, incubation, { dark[$0] }, dose: (0, 0), oxygen: baseline) }
            if settings.incubationSeconds > 0 {
                let driver = try makeDriver(equations.system(incubation), .incubation, budget)
                let outcome = driver.integrate(from: &t, to: settings.incubationSeconds, state: &dark) { time, y in
                    if detail {
                        darkSample(time, .incubation, incubation, { y[$0] }, dose: (0, 0), oxygen: baseline)
                    }
                }
                statistics[.incubation] = driver.statistics
                try charge(budget, driver, outcome, .incubation)
                guard outcome == .success else {
                    throw NumericalFailure(phase: .incubation, time: t, outcome: outcome)
                }
            }
            cache?.store(
                IncubationCache.Entry(state: dark, statistics: statistics[.incubation], trace: detail ? trace : nil),
                for: key)
        }
        var uptake = dark[equations.uptakeIndex]

        // 2. Illumination: (a, p, o, d) per cell.
        let creamOn = settings.creamOnDuringLight
        let lit = SessionEquations.Layout(withOxygen: true, creamOn: creamOn, lightOn: true)
        let unlit = SessionEquations.Layout(withOxygen: true, creamOn: creamOn, lightOn: false)
        var full = [Double](repeating: 0, count: equations.dimension(lit))
        for k in 0..<cells {
            full[lit.index(cell: k, 0)] = dark[incubation.index(cell: k, 0)]
            full[lit.index(cell: k, 1)] = dark[incubation.index(cell: k, 1)]
            full[lit.index(cell: k, 2)] = baseline
        }
        if creamOn { full[equations.uptakeIndex] = uptake }
        let ppixOn = (0..<cells).map { dark[incubation.index(cell: $0, 1)] }
        let epidermisOn = mean(epidermisWeights, ppixOn)
        let sebaceousOn = mean(sebaceousWeights, ppixOn)
        var minimumOxygen = [Double](repeating: baseline, count: cells)
        var lightOnNow = true
        func litSample(_ time: Double, _ value: (Int) -> Double) {
            trace.append(
                SessionTraceSample(
                    timeS: time, phase: .illumination, lightOn: lightOnNow,
                    prodrugEpidermis: weighted(epidermisWeights, lit, 0, value),
                    prodrugSebaceous: weighted(sebaceousWeights, lit, 0, value),
                    ppixEpidermis: weighted(epidermisWeights, lit, 1, value),
                    ppixSebaceous: weighted(sebaceousWeights, lit, 1, value),
                    oxygenEpidermis: weighted(epidermisWeights, lit, 2, value),
                    oxygenSebaceous: weighted(sebaceousWeights, lit, 2, value),
                    doseEpidermis: weighted(epidermisWeights, lit, 3, value),
                    doseSebaceous: weighted(sebaceousWeights, lit, 3, value)))
        }
        if detail { litSample(t, { full[$0] }) }
        let onSystem = equations.system(lit)
        let offSystem = equations.system(unlit)
        var end = t
        let intervals = light.intervals
        let segments = intervals.map { interval -> ODESegment in
            end += interval.seconds
            return ODESegment(end: end, system: interval.lightOn ? onSystem : offSystem)
        }
        let driver = try makeDriver(onSystem, .illumination, budget)
        var segmentIndex = 0
        let outcome = driver.integrate(segments: segments, from: &t, state: &full) { time, y in
            while segmentIndex < segments.count - 1 && time > segments[segmentIndex].end { segmentIndex += 1 }
            for k in 0..<cells { minimumOxygen[k] = min(minimumOxygen[k], y[lit.index(cell: k, 2)]) }
            if detail {
                lightOnNow = intervals[segmentIndex].lightOn
                litSample(time, { y[$0] })
            }
        }
        statistics[.illumination] = driver.statistics
        try charge(budget, driver, outcome, .illumination)
        guard outcome == .success else { throw NumericalFailure(phase: .illumination, time: t, outcome: outcome) }
        let lightOff = t
        if creamOn { uptake = full[equations.uptakeIndex] }
        let doses = (0..<cells).map { full[lit.index(cell: $0, 3)] }
        let ppixOff = (0..<cells).map { full[lit.index(cell: $0, 1)] }
        let doseEpidermis = mean(epidermisWeights, doses)
        let doseSebaceous = mean(sebaceousWeights, doses)
        let epidermisOff = mean(epidermisWeights, ppixOff)
        let sebaceousOff = mean(sebaceousWeights, ppixOff)

        // 3. After-care: (a, p) per cell, cream and light off.
        let aftercare = SessionEquations.Layout(withOxygen: false, creamOn: false, lightOn: false)
        dark = [Double](repeating: 0, count: equations.dimension(aftercare))
        for k in 0..<cells {
            dark[aftercare.index(cell: k, 0)] = full[lit.index(cell: k, 0)]
            dark[aftercare.index(cell: k, 1)] = full[lit.index(cell: k, 1)]
        }
        var exposure = Photosensitivity(threshold: settings.photosensitivityThresholdUM)
        exposure.add(timeS: 0, ppix: epidermisOff)
        let afterDriver = try makeDriver(equations.system(aftercare), .aftercare, budget)
        let afterOutcome = afterDriver.integrate(
            from: &t, to: lightOff + settings.aftercareHours * 3600, state: &dark
        ) { time, y in
            exposure.add(timeS: time - lightOff, ppix: weighted(epidermisWeights, aftercare, 1) { y[$0] })
            if detail {
                darkSample(time, .aftercare, aftercare, { y[$0] }, dose: (doseEpidermis, doseSebaceous), oxygen: nil)
            }
        }
        statistics[.aftercare] = afterDriver.statistics
        try charge(budget, afterDriver, afterOutcome, .aftercare)
        guard afterOutcome == .success else {
            throw NumericalFailure(phase: .aftercare, time: t, outcome: afterOutcome)
        }

        let minimum = minimumOxygen.min() ?? baseline
        let onSeconds = light.lightOnSeconds
        return SessionResult(
            sebaceousActivityBefore: sebaceousActivity,
            incidentFluenceJPerCm2: light.incidentFluenceJPerCm2,
            ppixWeightedFluenceJPerCm2: ppixWeightedIrradiance * onSeconds / 1000,
            ppixEpidermisAtLightOn: epidermisOn, ppixSebaceousAtLightOn: sebaceousOn,
            ppixEpidermisAtLightOff: epidermisOff, ppixSebaceousAtLightOff: sebaceousOff,
            bleachedFractionEpidermis: SessionResult.bleachedFraction(on: epidermisOn, off: epidermisOff),
            minimumOxygenUM: minimum, doseEpidermisUM: doseEpidermis, doseSebaceousUM: doseSebaceous,
            photosensitivityHours: exposure.hours(censoredAt: settings.aftercareHours),
            photosensitivityCensored: exposure.censored,
            prodrugUptakeNmolPerCm2: uptake, statistics: statistics,
            profile: detail
                ? DepthProfile(
                    depthsCm: grid.centres, regions: regions, fluenceFactors: fluenceFactors,
                    excitationRates: excitation, ppixAtLightOn: ppixOn, ppixAtLightOff: ppixOff,
                    minimumOxygen: minimumOxygen, dose: doses) : nil,
            trace: detail ? trace : nil)
    }

    /// Σₖ wₖ value(index of `component` in cell k): a region mean of one component of a state vector.
    func weighted(
        _ weights: [Double], _ layout: SessionEquations.Layout, _ component: Int, _ value: (Int) -> Double
    ) -> Double {
        var sum = 0.0
        for (k, w) in weights.enumerated() where w > 0 { sum += w * value(layout.index(cell: k, component)) }
        return sum
    }

    /// Σₖ wₖ valuesₖ: a region mean of a per-cell quantity.
    func mean(_ weights: [Double], _ values: [Double]) -> Double {
        zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// A session integrator of `engine` for `phase`, whose step attempts over its life are capped by
    /// what is left of `budget`. - Throws: `WorkLimitExceeded` when nothing is left.
    func makeDriver(_ system: ODESystem, _ phase: SessionPhase, _ budget: WorkBudget?) throws -> any PhaseIntegrator {
        var limits = solver.sessionLimits
        if let budget {
            guard !budget.exhausted else { throw exceeded(budget, phase) }
            limits.maxTotalSteps = budget.remainingSteps(cells: grid.count)
        }
        do {
            return try engine.integrator(system, solver: solver, limits: limits)
        } catch {
            throw ModelError("solver", "cannot set up the session solver: \(error)")
        }
    }
}

extension SessionModel {
    /// Charges `driver`'s step attempts to `budget`. - Throws: `WorkLimitExceeded` when the phase
    /// stopped because the budget, not its own step limit, ran out.
    func charge(
        _ budget: WorkBudget?, _ driver: any PhaseIntegrator, _ outcome: ODEOutcome, _ phase: SessionPhase
    ) throws {
        guard let budget else { return }
        budget.charge(driver.statistics, cells: grid.count)
        let capped = driver.limits.maxTotalSteps < solver.sessionLimits.maxSteps
        if outcome == .tooManySteps && (budget.exhausted || capped) { throw exceeded(budget, phase) }
    }

    func exceeded(_ budget: WorkBudget, _ phase: SessionPhase) -> WorkLimitExceeded {
        WorkLimitExceeded(cellSteps: budget.cellSteps, session: 0, sessions: 0, phase: phase)
    }
}

/// The photosensitivity readout: from the epidermal PpIX mean at the accepted after-care steps,
/// the hours from light-off to the last time it is ≥ the threshold, interpolated linearly between
/// steps; 0 if it never is; the after-care length, censored, if it still is at the end.
struct Photosensitivity {
    let threshold: Double
    private var previous: (time: Double, ppix: Double)?
    private var lastAbove: Double?
    private(set) var censored = false

    init(threshold: Double) { self.threshold = threshold }

    mutating func add(timeS time: Double, ppix: Double) {
        if ppix >= threshold {
            lastAbove = time
            censored = true
        } else {
            if let previous, previous.ppix >= threshold {
                lastAbove =
                    previous.time + (time - previous.time) * (previous.ppix - threshold) / (previous.ppix - ppix)
            }
            censored = false
        }
        previous = (time, ppix)
    }

    func hours(censoredAt hours: Double) -> Double {
        if censored { return hours }
        return (lastAbove ?? 0) / 3600
    }
}
