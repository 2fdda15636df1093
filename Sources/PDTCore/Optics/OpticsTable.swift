import Foundation
import PDTNumerics

/// The skin optics of Models/MODEL.md §4 swept over wavelength: one row per wavelength with the dermal
/// absorption and reduced scattering, the penetration depth, the fluence factor at the surface and
/// at chosen depths, the PpIX excitation per irradiance and PpIX weight, and the melanin
/// transmission through the whole epidermis.
public struct OpticsTable: Sendable {
    /// A depth as given (it names its column) and its value in mm.
    public struct Depth: Sendable, Equatable {
        public var text: String
        public var millimetres: Double
    }

    public let optics: SkinOptics
    /// Wavelengths in nm, each within the chromophore table.
    public let wavelengths: [Double]
    public let depths: [Depth]

    /// - Throws: `ModelError` at `--wavelengths` for a wavelength outside the chromophore table.
    public init(skin: Skin, data: ReferenceData, wavelengths: [Double], depths: [Depth]) throws(ModelError) {
        let table = data.chromophores
        let range =
            "\(formatNumber(table.wavelengths[0]))–\(formatNumber(table.wavelengths[table.wavelengths.count - 1])) nm"
        for wavelength in wavelengths where !table.covers(wavelength) {
            throw ModelError(
                "--wavelengths",
                "\(formatNumber(wavelength)) nm lies outside the skin chromophore data; expected \(range)")
        }
        optics = SkinOptics(skin: skin, data: data)
        self.wavelengths = wavelengths
        self.depths = depths
    }

    /// Parses `--wavelengths` (a range start:stop:step or a comma list, as for `--vary`), in nm.
    /// - Throws: `ModelError` at `--wavelengths` for a malformed SPEC or a value that is not a
    ///   positive number.
    public static func wavelengths(_ spec: String) throws(ModelError) -> [Double] {
        let location = "--wavelengths \(spec)"
        return try SweepAxis.values(of: spec, location: location).map { text throws(ModelError) in
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw ModelError(location, "'\(text)' is not a wavelength; expected positive numbers in nm")
            }
            return value
        }
    }

    /// Parses `--depths-mm` (a comma list of distinct depths ≥ 0, in mm).
    /// - Throws: `ModelError` at `--depths-mm` otherwise.
    public static func depths(_ list: String) throws(ModelError) -> [Depth] {
        let location = "--depths-mm \(list)"
        var depths: [Depth] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw ModelError(location, "'\(text)' is not a depth; expected a comma list of numbers ≥ 0 in mm")
            }
            guard !depths.contains(where: { $0.millimetres == value }) else {
                throw ModelError(location, "depth \(text) mm is listed twice; expected distinct depths")
            }
            depths.append(Depth(text: text, millimetres: value))
        }
        return depths
    }

    /// The column names, with units.
    public var header: [String] {
        ["wavelength_nm", "mua_per_cm", "musp_per_cm", "penetration_depth_mm", "fluence_factor_surface"]
            + depths.map { "fluence_factor_at_\($0.text)mm" }
            + ["excitation_per_s_per_mW_per_cm2", "ppix_weight", "melanin_transmission_epidermis"]
    }

    /// The table: f is φ/E (dimensionless), η in 1/s per mW/cm², the PpIX weight ε/ε_max, and
    /// T_mel = exp(−p_mel M μa,mel d_epi) the melanin transmission at the epidermis base.
    public var table: CSVTable {
        var table = CSVTable(header: header)
        let skin = optics.skin
        for wavelength in wavelengths {
            let p = optics.properties(at: wavelength)
            let melanin = exp(
                -skin.melaninPathFactor * skin.melaninFraction * p.melanosomeAbsorptionPerCm
                    * skin.epidermisThicknessCm)
            table.append(
                [
                    .number(wavelength), .number(p.absorptionPerCm), .number(p.reducedScatteringPerCm),
                    .number(p.penetrationDepthCm * 10), .number(optics.fluenceFactor(p, depthCm: 0)),
                ]
                    + depths.map { .number(optics.fluenceFactor(p, depthCm: $0.millimetres / 10)) }
                    + [
                        .number(Photophysics.excitationPerIrradiance(wavelengthNM: wavelength, data: optics.data)),
                        .number(optics.data.ppixWeight(wavelength)), .number(melanin),
                    ])
        }
        return table
    }
}
