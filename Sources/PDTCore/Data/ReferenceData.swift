import Foundation
import PDTNumerics

/// The reference spectra the model needs (Models/MODEL.md §1), read from `Models/data/`.
///
/// - `ppix_absorption.csv`: PpIX molar extinction ε(λ) in 1/(M·cm), 300–700 nm; ε = 0 outside.
/// - `skin_chromophores.csv`: whole-blood (150 g/L Hb) absorption of oxy- and deoxyhaemoglobin and
///   water absorption, in 1/cm, 300–1000 nm.
/// - `solar_am15g.csv`: ASTM G173 global-tilt spectral irradiance in W/m²/nm.
public struct ReferenceData: Sendable {
    public static let ppixFile = "ppix_absorption.csv"
    public static let chromophoreFile = "skin_chromophores.csv"
    public static let solarFile = "solar_am15g.csv"

    public let ppix: SpectralTable
    public let chromophores: SpectralTable
    public let solar: SpectralTable
    /// ε_max: the largest tabulated ε between 380 and 450 nm, 1/(M·cm).
    public let ppixPeakExtinction: Double

    /// Loads the three tables from `directory`, checking their headers and values.
    public init(directory: String) throws(ModelError) {
        let base = URL(fileURLWithPath: directory)
        ppix = try SpectralTable.load(
            path: base.appendingPathComponent(Self.ppixFile).path,
            header: ["wavelength_nm", "molar_extinction_per_M_per_cm"])
        chromophores = try SpectralTable.load(
            path: base.appendingPathComponent(Self.chromophoreFile).path,
            header: [
                "wavelength_nm", "mua_oxyhemoglobin_blood_per_cm", "mua_deoxyhemoglobin_blood_per_cm",
                "mua_water_per_cm",
            ])
        solar = try SpectralTable.load(
            path: base.appendingPathComponent(Self.solarFile).path,
            header: ["wavelength_nm", "spectral_irradiance_W_per_m2_per_nm"])
        for (table, name) in [(chromophores, Self.chromophoreFile), (solar, Self.solarFile)] {
            guard table.covers(SpectralGrid.first), table.covers(SpectralGrid.last) else {
                throw ModelError(
                    table.path,
                    "covers \(table.wavelengths[0])–\(table.wavelengths[table.wavelengths.count - 1]) nm; \(name) must cover the light bins \(SpectralGrid.first)–\(SpectralGrid.last) nm"
                )
            }
        }
        var peak = 0.0
        for (w, e) in zip(ppix.wavelengths, ppix.values[0]) where w >= 380 && w <= 450 { peak = max(peak, e) }
        guard peak > 0 else {
            throw ModelError(
                ppix.path, "no positive extinction between 380 and 450 nm; expected the PpIX Soret band there")
        }
        ppixPeakExtinction = peak
    }

    /// PpIX molar extinction ε(λ), 1/(M·cm); 0 outside the table.
    public func ppixExtinction(_ wavelength: Double) -> Double { ppix.value(0, at: wavelength) }

    /// The PpIX weight ε(λ)/ε_max (dimensionless).
    public func ppixWeight(_ wavelength: Double) -> Double { ppixExtinction(wavelength) / ppixPeakExtinction }
}

/// The 1 nm bins on which every light source is defined: λ = 380, 381, …, 800 nm (Models/MODEL.md §2).
public enum SpectralGrid {
    public static let first = 380.0
    public static let last = 800.0
    public static let wavelengths: [Double] = (380...800).map(Double.init)
}
