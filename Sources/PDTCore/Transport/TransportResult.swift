/// A mean per incident packet with its standard error (from the spread of the batch means).
public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var standardError: Double
}

/// The result of a transport run, per incident photon: specular and diffuse reflectance, total
/// transmittance, absorbed fractions, and the broad-beam fluence φ/E in depth bins.
public struct TransportResult: Sendable {
    public var medium: LayeredMedium
    public var settings: TransportSettings
    /// Packets launched.
    public var photons: Int
    /// Batches the packets ran in.
    public var batches: Int
    /// R_sp, exact (standard error 0).
    public var specularReflectance: Double
    public var diffuseReflectance: Estimate
    public var transmittance: Estimate
    public var absorbedFraction: Estimate
    public var absorbedFractionByLayer: [Estimate]
    /// φ/E in each depth bin (dimensionless: fluence per unit incident fluence), bin i covering
    /// [i·Δz, (i + 1)·Δz): the collision estimator Σ(w/μt)/(N Δz), equal to the absorbed weight
    /// /(μa Δz N) of MCML where μa > 0 and defined as well where μa = 0.
    public var fluence: [Estimate]

    /// The per-packet scores of a batch in the order the statistics keep them: reflected,
    /// transmitted, absorbed in all, absorbed by layer, fluence by bin.
    package static func totals(_ tally: TransportTally) -> [Double] {
        [tally.reflected, tally.transmitted, tally.absorbedByLayer.reduce(0, +)] + tally.absorbedByLayer
            + tally.fluence
    }

    /// Where `quantity` sits in `totals`.
    package static func index(of quantity: TransportQuantity) -> Int {
        switch quantity {
        case .diffuseReflectance: 0
        case .transmittance: 1
        case .absorbedFraction: 2
        }
    }

    init(medium: LayeredMedium, settings: TransportSettings, statistics: BatchStatistics, layers: Int) {
        self.medium = medium
        self.settings = settings
        photons = statistics.photons
        batches = statistics.batches
        specularReflectance = medium.specularReflectance
        func estimate(_ i: Int, scale: Double = 1) -> Estimate {
            Estimate(value: statistics.mean(i) * scale, standardError: statistics.standardError(i) * scale)
        }
        diffuseReflectance = estimate(0)
        transmittance = estimate(1)
        absorbedFraction = estimate(2)
        absorbedFractionByLayer = (0..<layers).map { estimate(3 + $0) }
        fluence = (0..<settings.bins).map { estimate(3 + layers + $0, scale: 1 / settings.binCm) }
    }

    /// The quantity a target relative standard error refers to.
    public func estimate(_ quantity: TransportQuantity) -> Estimate {
        switch quantity {
        case .diffuseReflectance: diffuseReflectance
        case .transmittance: transmittance
        case .absorbedFraction: absorbedFraction
        }
    }

    /// The depth of the centre of bin `i` in cm.
    public func depthCm(bin i: Int) -> Double { (Double(i) + 0.5) * settings.binCm }
}
