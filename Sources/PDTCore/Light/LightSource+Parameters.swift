import Foundation
import PDTNumerics

/// The light section (Models/MODEL.md §2), declared once.
public enum LightParameters: SectionDeclaration {
    /// The longest illumination, light-on and dark intervals together, s: 4 h (daylight PDT
    /// lasts 2 h).
    public static let longestIlluminationS = 14_400.0
    /// The most light-on intervals a fractionated illumination may have.
    public static let maximumFractions = 50
    /// The least share of a gaussian's power that must fall on the light bins.
    public static let minimumPowerShare = 0.01

    public static let spectrum = ParameterSpec(
        "spectrum", .choice(["gaussian", "band", "solar", "tabulated"]), unit: nil, "spectral shape")
    public static let center = ParameterSpec(
        "center_nm", .number(.closed(200, 1200)), unit: "nm", required: false, "gaussian: centre wavelength",
        range: "UV to near infrared; at least 1 % of the power must fall on 380–800 nm")
    public static let fwhm = ParameterSpec(
        "fwhm_nm", .number(.closed(0, 1000)), unit: "nm", required: false,
        "gaussian: full width at half maximum; 0 = one line at center_nm", range: "a line (0) to a broad lamp")
    public static let low = ParameterSpec(
        "low_nm", .number(.closed(200, 1200)), unit: "nm", required: false, "band: lowest wavelength with power",
        range: "UV to near infrared; the band must hold a wavelength of 380–800 nm")
    public static let high = ParameterSpec(
        "high_nm", .number(.closed(200, 1200)), unit: "nm", required: false, "band: highest wavelength with power",
        range: "UV to near infrared; the band must hold a wavelength of 380–800 nm")
    public static let table = ParameterSpec(
        "table", .path, unit: nil, required: false, "tabulated: CSV with header wavelength_nm,relative_power")
    public static let irradiance = ParameterSpec(
        "irradiance_mW_per_cm2", .number(.closed(0.01, 1000)), unit: "mW/cm2", "total irradiance E_tot on 380–800 nm",
        range: "dim room light to 1 W/cm², beyond which tissue heats")
    public static let fluence = ParameterSpec(
        "fluence_J_per_cm2", .number(.closed(0.01, 1000)), unit: "J/cm2", required: false,
        "incident fluence held per session (or duration_s)",
        range: "clinical PDT gives 1–200 J/cm²; the light-on time fluence/irradiance must be ≤ 4 h")
    public static let duration = ParameterSpec(
        "duration_s", .number(.closed(1, longestIlluminationS)), unit: "s", required: false,
        "light-on time held per session (or fluence_J_per_cm2)", range: "a second to 4 h")
    public static let fractionOn = ParameterSpec(
        "fraction_on_s", .number(.closed(1, 3600)), unit: "s", required: false, "fractionation: light-on interval",
        range: "a second to an hour; at most 50 light-on intervals")
    public static let fractionOff = ParameterSpec(
        "fraction_off_s", .number(.closed(0, 3600)), unit: "s", required: false, "fractionation: dark interval",
        range: "none to an hour")

    public static let parameters = [
        spectrum, center, fwhm, low, high, table, irradiance, fluence, duration, fractionOn, fractionOff,
    ]

    /// The keys that belong to each spectrum shape.
    public static let shapeKeys: [String: [ParameterSpec]] = [
        "gaussian": [center, fwhm], "band": [low, high], "solar": [], "tabulated": [table],
    ]

    public static var alternatives: [Alternative] {
        [Alternative([fluence], [duration], expectation: "one of them, the quantity held per session")]
    }

    /// A new spectrum shape drops the keys of the other shapes.
    public static func dropped(bySetting key: String, to value: ParameterValue) -> [String] {
        guard key == spectrum.key, case .text(let shape) = value else { return [] }
        let keep = Set((shapeKeys[shape] ?? []).map(\.key))
        return shapeKeys.values.joined().map(\.key).filter { !keep.contains($0) }
    }

    public static func build(_ p: ParameterReader) throws(ModelError) -> LightSource {
        let shapeName = try p.text(spectrum)
        let needed = shapeKeys[shapeName] ?? []
        for spec in needed where !p.has(spec) {
            throw ModelError(
                p.location, "light.\(spec.key) is missing; expected it with spectrum \(shapeName) (\(spec.expectation))"
            )
        }
        for spec in shapeKeys.values.joined() where p.has(spec) && !needed.contains(spec) {
            throw ModelError(
                p.location(spec),
                "does not apply to spectrum \(shapeName); expected only \(needed.isEmpty ? "no shape keys" : needed.map(\.key).joined(separator: ", ")) with it"
            )
        }
        let shape: SpectrumShape
        switch shapeName {
        case "gaussian": shape = try gaussian(p)
        case "band": shape = try band(p)
        case "solar": shape = .solar
        default: shape = .tabulated(path: try p.text(table))
        }
        let irradianceMW = try p.number(irradiance)
        let dose: LightDose
        if p.has(fluence) {
            dose = .fluence(joulesPerCm2: try p.number(fluence))
        } else if p.has(duration) {
            dose = .duration(seconds: try p.number(duration))
        } else {
            throw ModelError(
                p.location, "light needs fluence_J_per_cm2 or duration_s; expected the quantity held per session")
        }
        var fractionation: Fractionation?
        switch (p.has(fractionOn), p.has(fractionOff)) {
        case (true, true):
            fractionation = Fractionation(onSeconds: try p.number(fractionOn), offSeconds: try p.number(fractionOff))
        case (false, false): break
        case (let on, _):
            throw ModelError(
                p.location(on ? fractionOn : fractionOff),
                "light fractionation needs both fraction_on_s and fraction_off_s")
        }
        let light = LightSource(
            shape: shape, irradianceMWPerCm2: irradianceMW, dose: dose, fractionation: fractionation)
        try checkTiming(light, p)
        return light
    }

    /// The light-on time (fluence / irradiance when the fluence is held), the dark intervals and
    /// the number of fractions must stay within a day and `maximumFractions`.
    static func checkTiming(_ light: LightSource, _ p: ParameterReader) throws(ModelError) {
        let on = light.lightOnSeconds
        guard on <= longestIlluminationS else {
            throw ModelError(
                p.blame(fluence, irradiance, duration),
                "the light is on for \(formatNumber(on)) s (fluence_J_per_cm2 \(formatNumber(light.incidentFluenceJPerCm2)) / irradiance_mW_per_cm2 \(formatNumber(light.irradianceMWPerCm2))); expected at most \(formatNumber(longestIlluminationS)) s (4 h): a lower fluence or a higher irradiance"
            )
        }
        guard let fraction = light.fractionation else { return }
        let fractions = (on / fraction.onSeconds).rounded(.up)
        guard fractions <= Double(maximumFractions) else {
            throw ModelError(
                p.blame(fractionOn, fluence, duration, irradiance),
                "\(formatNumber(on)) s of light in \(formatNumber(fraction.onSeconds)) s fractions makes \(formatNumber(fractions)) light-on intervals; expected at most \(maximumFractions)"
            )
        }
        let total = light.intervals.reduce(0) { $0 + $1.seconds }
        guard total <= longestIlluminationS else {
            throw ModelError(
                p.blame(fractionOff, fractionOn, fluence, duration, irradiance),
                "the illumination with its dark intervals lasts \(formatNumber(total)) s; expected at most \(formatNumber(longestIlluminationS)) s (4 h)"
            )
        }
    }

    /// A gaussian with at least `minimumPowerShare` of its unclipped power on the light bins.
    static func gaussian(_ p: ParameterReader) throws(ModelError) -> SpectrumShape {
        let c = try p.number(center)
        let w = try p.number(fwhm)
        let bins = SpectrumShape.binRange
        let inside = SpectralGrid.first <= c && c <= SpectralGrid.last
        if w == 0 {
            guard inside else {
                throw ModelError(
                    p.blame(center, fwhm),
                    "a zero-width line at \(formatNumber(c)) nm has no power on \(bins) nm; expected a center within that range"
                )
            }
            return .gaussian(centerNM: c, fwhmNM: 0)
        }
        let share = SpectrumShape.gaussianShare(centerNM: c, fwhmNM: w)
        guard share >= minimumPowerShare else {
            throw ModelError(
                inside ? p.blame(fwhm, center) : p.blame(center, fwhm),
                "a gaussian at \(formatNumber(c)) nm with fwhm_nm = \(formatNumber(w)) nm has \(String(format: "%.2g", share * 100)) % of its power on \(bins) nm; expected at least \(formatNumber(minimumPowerShare * 100)) %: a center nearer that range or a wider line"
            )
        }
        guard SpectrumShape.gaussianWeights(centerNM: c, fwhmNM: w).contains(where: { $0 > 0 }) else {
            throw ModelError(
                p.blame(fwhm, center),
                "a gaussian at \(formatNumber(c)) nm with fwhm_nm = \(formatNumber(w)) nm has no power on \(bins) nm (its weight underflows to 0 on every 1 nm bin); expected some power there: a wider line"
            )
        }
        return .gaussian(centerNM: c, fwhmNM: w)
    }

    /// A band that holds a whole wavelength of the light bins.
    static func band(_ p: ParameterReader) throws(ModelError) -> SpectrumShape {
        let lowNM = try p.number(low)
        let highNM = try p.number(high)
        guard lowNM <= highNM else {
            throw ModelError(
                p.blame(high, low),
                "\(formatNumber(highNM)) nm is below low_nm = \(formatNumber(lowNM)) nm; expected low_nm ≤ high_nm")
        }
        guard SpectrumShape.bandWeights(lowNM: lowNM, highNM: highNM).contains(where: { $0 > 0 }) else {
            throw ModelError(
                highNM < SpectralGrid.first ? p.blame(high, low) : p.blame(low, high),
                "the band \(formatNumber(lowNM))–\(formatNumber(highNM)) nm has no power on \(SpectrumShape.binRange) nm (no whole wavelength of the 1 nm bins lies within it); expected some power there: a band holding a wavelength in \(SpectrumShape.binRange) nm"
            )
        }
        return .band(lowNM: lowNM, highNM: highNM)
    }
}
