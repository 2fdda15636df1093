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
