import PDTNumerics

/// A spectral irradiance: lines at wavelengths λᵢ (nm) carrying irradiance Eᵢ (mW/cm²).
///
/// Sources on the standard 1 nm bins have one line per bin (E(λ) in mW/cm²/nm times the 1 nm bin
/// width); a zero-width source is a single line, which may lie between bins.
public struct Spectrum: Sendable, Equatable {
    public let wavelengths: [Double]
    public let irradiances: [Double]

    public init(wavelengths: [Double], irradiances: [Double]) {
        precondition(wavelengths.count == irradiances.count && !wavelengths.isEmpty)
        self.wavelengths = wavelengths
        self.irradiances = irradiances
    }

    /// E_tot = Σ Eᵢ, mW/cm².
    public var total: Double { irradiances.reduce(0, +) }

    /// The PpIX-weighted irradiance E_PpIX = Σ Eᵢ·ε(λᵢ)/ε_max, mW/cm² (Wiegell et al. 2008).
    public func ppixWeighted(_ data: ReferenceData) -> Double {
        zip(wavelengths, irradiances).reduce(0) { $0 + $1.1 * data.ppixWeight($1.0) }
    }

    /// Builds a spectrum on the standard bins from relative weights, scaled so Σ E = `total`.
    /// - Throws: `ModelError` at `location` when the weights hold no power on 380–800 nm.
    static func normalised(weights: [Double], total: Double, location: String) throws(ModelError) -> Spectrum {
        let sum = weights.reduce(0, +)
        guard sum > 0, sum.isFinite else {
            throw ModelError(
                location,
                "the spectrum has no power on \(Int(SpectralGrid.first))–\(Int(SpectralGrid.last)) nm; expected some power there"
            )
        }
        return Spectrum(wavelengths: SpectralGrid.wavelengths, irradiances: weights.map { $0 / sum * total })
    }
}
