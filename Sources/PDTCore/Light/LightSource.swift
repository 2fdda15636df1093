import Foundation
import PDTNumerics

/// The spectral shape of a light source (Models/MODEL.md §2).
public enum SpectrumShape: Sendable, Equatable {
    /// Weight exp(−4 ln2 ((λ − center)/FWHM)²) on the bins; FWHM = 0 is one line at `center` nm.
    case gaussian(centerNM: Double, fwhmNM: Double)
    /// Equal weight on the bins with low ≤ λ ≤ high (nm).
    case band(lowNM: Double, highNM: Double)
    /// The ASTM G173 AM1.5G spectrum, linearly interpolated to the bins.
    case solar
    /// A user table (`wavelength_nm,relative_power`), interpolated to the bins, zero outside.
    case tabulated(path: String)
}

extension SpectrumShape {
    /// The 1 nm bins of SpectralGrid as text, "380–800".
    public static var binRange: String {
        "\(formatNumber(SpectralGrid.first))–\(formatNumber(SpectralGrid.last))"
    }

    /// Relative weights of a gaussian of FWHM > 0 on the bins: exp(−4 ln2 ((λ − center)/FWHM)²).
    /// Far from the bins or for a very narrow line every weight underflows to 0.
    public static func gaussianWeights(centerNM: Double, fwhmNM: Double) -> [Double] {
        SpectralGrid.wavelengths.map { exp(-4 * log(2.0) * pow(($0 - centerNM) / fwhmNM, 2)) }
    }

    /// The share of a gaussian's unclipped power that falls on 380–800 nm:
    /// ½[erf((800 − c)/(σ√2)) − erf((380 − c)/(σ√2))] with σ = FWHM/(2√(2 ln 2)).
    public static func gaussianShare(centerNM: Double, fwhmNM: Double) -> Double {
        let scale = fwhmNM / (2 * sqrt(2 * log(2.0))) * sqrt(2.0)
        return 0.5 * (erf((SpectralGrid.last - centerNM) / scale) - erf((SpectralGrid.first - centerNM) / scale))
    }

    /// Relative weights of a band on the bins: 1 where low ≤ λ ≤ high, else 0.
    public static func bandWeights(lowNM: Double, highNM: Double) -> [Double] {
        SpectralGrid.wavelengths.map { $0 >= lowNM && $0 <= highNM ? 1.0 : 0.0 }
    }
}

/// How much light an illumination delivers: a target incident fluence or a light-on time.
public enum LightDose: Sendable, Equatable {
    /// Incident fluence H in J/cm²; the light-on time follows as H / E_tot.
    case fluence(joulesPerCm2: Double)
    /// Light-on time in s; the fluence follows as E_tot × time.
    case duration(seconds: Double)
}

/// Light fractionation: `onSeconds` of light, then `offSeconds` of dark, repeated until the
/// light-on time is delivered; the illumination ends with the last light-on interval.
public struct Fractionation: Sendable, Equatable {
    public var onSeconds: Double
    public var offSeconds: Double
}

/// A light source with its dose and optional fractionation.
public struct LightSource: Sendable, Equatable {
    public var shape: SpectrumShape
    /// Total irradiance E_tot on 380–800 nm, mW/cm².
    public var irradianceMWPerCm2: Double
    public var dose: LightDose
    public var fractionation: Fractionation?

    public init(shape: SpectrumShape, irradianceMWPerCm2: Double, dose: LightDose, fractionation: Fractionation? = nil)
    {
        self.shape = shape
        self.irradianceMWPerCm2 = irradianceMWPerCm2
        self.dose = dose
        self.fractionation = fractionation
    }

    /// Light-on time in s: H / E_tot when the fluence is held (J → mJ: × 1000).
    public var lightOnSeconds: Double {
        switch dose {
        case .fluence(let h): return h * 1000 / irradianceMWPerCm2
        case .duration(let t): return t
        }
    }

    /// Incident fluence H = E_tot × light-on time, J/cm².
    public var incidentFluenceJPerCm2: Double {
        switch dose {
        case .fluence(let h): return h
        case .duration(let t): return irradianceMWPerCm2 * t / 1000
        }
    }

    /// The light-on and light-off intervals of the illumination, in order: `(seconds, lightOn)`.
    /// Without fractionation a single light-on interval; with it, on/off pairs, the last on
    /// interval possibly shortened, and no trailing dark interval.
    public var intervals: [(seconds: Double, lightOn: Bool)] {
        let total = lightOnSeconds
        guard let fraction = fractionation, fraction.onSeconds < total else { return [(total, true)] }
        let ratio = total / fraction.onSeconds
        let nearest = ratio.rounded()
        let count = abs(ratio - nearest) <= 1e-9 * ratio ? Int(nearest) : Int(ratio.rounded(.up))
        var result: [(seconds: Double, lightOn: Bool)] = []
        for index in 0..<count {
            if index > 0 && fraction.offSeconds > 0 { result.append((fraction.offSeconds, false)) }
            let on = index < count - 1 ? fraction.onSeconds : total - Double(count - 1) * fraction.onSeconds
            result.append((on, true))
        }
        return result
    }

    /// The source's spectral irradiance on the standard bins (or a single line), scaled to E_tot.
    /// - Throws: `ModelError` when the spectrum has no power on 380–800 nm or a table cannot be read.
    public func spectrum(_ data: ReferenceData, location: String = "light") throws(ModelError) -> Spectrum {
        let bins = SpectralGrid.wavelengths
        switch shape {
        case .gaussian(let center, let fwhm):
            if fwhm == 0 {
                guard center >= SpectralGrid.first && center <= SpectralGrid.last else {
                    throw ModelError(
                        location,
                        "a zero-width line at \(formatNumber(center)) nm has no power on \(SpectrumShape.binRange) nm; expected a center within that range"
                    )
                }
                return Spectrum(wavelengths: [center], irradiances: [irradianceMWPerCm2])
            }
            let weights = SpectrumShape.gaussianWeights(centerNM: center, fwhmNM: fwhm)
            return try Spectrum.normalised(weights: weights, total: irradianceMWPerCm2, location: location)
        case .band(let low, let high):
            let weights = SpectrumShape.bandWeights(lowNM: low, highNM: high)
            return try Spectrum.normalised(weights: weights, total: irradianceMWPerCm2, location: location)
        case .solar:
            let weights = bins.map { data.solar.value(0, at: $0) }
            return try Spectrum.normalised(weights: weights, total: irradianceMWPerCm2, location: location)
        case .tabulated(let path):
            let table = try SpectralTable.load(path: path, header: ["wavelength_nm", "relative_power"])
            let weights = bins.map { table.value(0, at: $0) }
            return try Spectrum.normalised(weights: weights, total: irradianceMWPerCm2, location: path)
        }
    }
}
