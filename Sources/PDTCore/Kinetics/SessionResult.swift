/// The phases of one treatment session (Models/MODEL.md §5), integrated separately.
public enum SessionPhase: String, Sendable, CaseIterable, Codable {
    case incubation, illumination, aftercare
}

/// Where an integration runs: a phase of a session, or the months-long response model.
public enum IntegrationStage: String, Sendable, CaseIterable, Codable {
    case incubation, illumination, aftercare, response
}

/// A numerical outcome other than success: the solver's return code, where it happened and when
/// (s since cream-on in a session; days since the first session in the response model).
public struct NumericalFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var phase: IntegrationStage
    public var time: Double
    public var outcome: ODEOutcome
    /// The session number (from 1) when known.
    public var session: Int?

    public init(phase: IntegrationStage, time: Double, outcome: ODEOutcome, session: Int? = nil) {
        self.phase = phase
        self.time = time
        self.outcome = outcome
        self.session = session
    }

    public var description: String {
        if phase == .response {
            return "integration failed in the response model at day \(formatNumber(time)): \(outcome.name)"
        }
        let which = session.map { "session \($0), " } ?? ""
        return "integration failed in \(which)\(phase.rawValue) at t = \(formatNumber(time)) s: \(outcome.name)"
    }
}

/// One row of the session trace: region means at an accepted solver step.
public struct SessionTraceSample: Sendable, Equatable {
    /// Time since the cream went on, s.
    public var timeS: Double
    public var phase: SessionPhase
    public var lightOn: Bool
    /// Epidermal and sebaceous-band means, µM. Oxygen is nil where it is not integrated (after-care).
    public var prodrugEpidermis: Double
    public var prodrugSebaceous: Double
    public var ppixEpidermis: Double
    public var ppixSebaceous: Double
    public var oxygenEpidermis: Double?
    public var oxygenSebaceous: Double?
    public var doseEpidermis: Double
    public var doseSebaceous: Double
}

/// Per-cell profiles of one session.
public struct DepthProfile: Sendable, Equatable {
    public var depthsCm: [Double]
    /// "epidermis", "sebaceous" or "dermis": the region holding the cell centre.
    public var regions: [String]
    /// The irradiance-weighted mean fluence factor Σ E f / Σ E.
    public var fluenceFactors: [Double]
    /// k(z), 1/s.
    public var excitationRates: [Double]
    public var ppixAtLightOn: [Double]
    public var ppixAtLightOff: [Double]
    /// Minimum o over accepted steps during illumination, µM.
    public var minimumOxygen: [Double]
    /// d at the end of illumination, µM.
    public var dose: [Double]
}

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
