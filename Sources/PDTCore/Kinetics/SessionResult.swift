import PDTNumerics

/// The readouts of one session (Models/MODEL.md §5).
public struct SessionResult: Sendable, Equatable {
    public var sebaceousActivityBefore: Double
    public var incidentFluenceJPerCm2: Double
    public var ppixWeightedFluenceJPerCm2: Double
    public var ppixEpidermisAtLightOn: Double
    public var ppixSebaceousAtLightOn: Double
    public var ppixEpidermisAtLightOff: Double
    public var ppixSebaceousAtLightOff: Double
    /// 1 − off/on for the epidermal PpIX mean (negative when PpIX grows under the light); 0 when
    /// there is no PpIX at light-on (see `bleachedFraction(on:off:)`).
    public var bleachedFractionEpidermis: Double
    /// Minimum o over all cells at the accepted steps of the illumination phase, µM (diagnostic).
    public var minimumOxygenUM: Double
    public var doseEpidermisUM: Double
    public var doseSebaceousUM: Double
    /// Hours from light-off to the last time the epidermal PpIX mean is ≥ the threshold.
    public var photosensitivityHours: Double
    /// True when the epidermal PpIX mean is still above the threshold at the end of after-care.
    public var photosensitivityCensored: Bool
    /// Prodrug that crossed the surface, nmol/cm².
    public var prodrugUptakeNmolPerCm2: Double
    /// Solver statistics of each phase.
    public var statistics: [SessionPhase: ODEStatistics]
    /// Present when the session was run with `detail: true`.
    public var profile: DepthProfile?
    public var trace: [SessionTraceSample]?
}

extension SessionResult {
    /// The bleached fraction 1 − off/on of a PpIX mean (µM/µM). With no PpIX at light-on (no
    /// incubation) nothing was there to bleach and the ratio is undefined: the fraction is then 0,
    /// so a readout never carries NaN (or −∞, when PpIX forms under the light) into CSV or JSON.
    static func bleachedFraction(on: Double, off: Double) -> Double {
        on > 0 ? 1 - off / on : 0
    }
}
