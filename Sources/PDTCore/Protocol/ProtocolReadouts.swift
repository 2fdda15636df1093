/// The protocol readouts of Models/MODEL.md §7, from the daily samples of pore_reduction_percent.
public struct ProtocolReadouts: Sendable, Equatable {
    public var evaluationDay: Int
    public var targetPercent: Double
    /// Reduction on the evaluation day E, %.
    public var reductionOnEvaluationDay: Double
    /// The largest daily reduction and the first day it is reached.
    public var peakReduction: Double
    public var peakDay: Int
    /// Mean of the samples from day E to the horizon, both included, %.
    public var meanReduction: Double
    /// Minimum of the samples from day E to the horizon, %.
    public var minimumReduction: Double
    /// Daily samples ≥ T over the whole horizon.
    public var daysAtOrAboveTarget: Int
    /// From the last session to the first day after it from which every sample is below T;
    /// 0 if none after it reaches T; horizon − last session, censored, if still ≥ T at the horizon.
    public var effectDurationDays: Int
    public var effectDurationCensored: Bool
    public var sessions: Int
    public var totalIncidentFluenceJPerCm2: Double
    public var totalPpixWeightedFluenceJPerCm2: Double

    /// Computes the readouts. `reductions[d]` is the sample on day d, d = 0 … horizon.
    /// Preconditions: at least one sample, 0 ≤ evaluationDay < reductions.count, sessions sorted.
    public init(
        reductions: [Double], sessionDays: [Int], evaluationDay: Int, targetPercent: Double,
        incidentFluences: [Double], ppixWeightedFluences: [Double]
    ) {
        precondition(evaluationDay >= 0 && evaluationDay < reductions.count)
        let horizon = reductions.count - 1
        self.evaluationDay = evaluationDay
        self.targetPercent = targetPercent
        reductionOnEvaluationDay = reductions[evaluationDay]
        var peakDay = 0
        for (day, value) in reductions.enumerated() where value > reductions[peakDay] { peakDay = day }
        self.peakDay = peakDay
        peakReduction = reductions[peakDay]
        let window = reductions[evaluationDay...]
        meanReduction = window.reduce(0, +) / Double(window.count)
        minimumReduction = window.min() ?? reductions[evaluationDay]
        daysAtOrAboveTarget = reductions.filter { $0 >= targetPercent }.count
        let last = sessionDays.last ?? 0
        let after = reductions.indices.filter { $0 > last }
        if let final = after.last, reductions[final] >= targetPercent {
            effectDurationDays = horizon - last
            effectDurationCensored = true
        } else if let lastAbove = after.last(where: { reductions[$0] >= targetPercent }) {
            effectDurationDays = lastAbove + 1 - last
            effectDurationCensored = false
        } else {
            effectDurationDays = 0
            effectDurationCensored = false
        }
        sessions = sessionDays.count
        totalIncidentFluenceJPerCm2 = incidentFluences.reduce(0, +)
        totalPpixWeightedFluenceJPerCm2 = ppixWeightedFluences.reduce(0, +)
    }
}
