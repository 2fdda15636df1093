/// The skin section (Models/MODEL.md §1, §3–§4), declared once.
public enum SkinParameters: SectionDeclaration {
    public static let epidermisThickness = ParameterSpec(
        "epidermis_thickness_cm", .number(.closed(0.001, 0.2)), unit: "cm", "epidermis thickness d_epi",
        range: "10 µm (eyelid) to 2 mm (sole)")
    public static let sebaceousTop = ParameterSpec(
        "sebaceous_top_cm", .number(.closed(0.001, 1)), unit: "cm", "top of the sebaceous band z_top",
        range: "within the skin, below the epidermis")
    public static let sebaceousBottom = ParameterSpec(
        "sebaceous_bottom_cm", .number(.closed(0.001, 1)), unit: "cm", "bottom of the sebaceous band z_bottom",
        range: "within the skin and the grid")
    public static let melaninFraction = ParameterSpec(
        "melanin_fraction", .number(.closed(0, 0.5)), unit: "1", "epidermal melanin volume fraction M",
        range: "Jacques 1998: 1.3–43 % from fair to dark skin")
    public static let melaninPathFactor = ParameterSpec(
        "melanin_path_factor", .number(.closed(0, 10)), unit: "1", "melanin path factor p_mel",
        range: "diffuse light crosses the epidermis at most a few times its thickness")
    public static let bloodFraction = ParameterSpec(
        "blood_fraction", .number(.closed(0, 0.2)), unit: "1", "dermal blood volume fraction B",
        range: "dermis holds 0.2–7 % blood (Jacques 2013)")
    public static let bloodOxygenSaturation = ParameterSpec(
        "blood_oxygen_saturation", .number(.unit), unit: "1", "blood oxygen saturation S_O2", range: "a fraction")
    public static let waterFraction = ParameterSpec(
        "water_fraction", .number(.unit), unit: "1", "dermal water volume fraction W", range: "a fraction")
    public static let scatteringA = ParameterSpec(
        "scattering_a_per_cm", .number(.closed(1, 200)), unit: "1/cm", "reduced scattering at 500 nm a_s",
        range: "soft tissues: 10–100/cm (Jacques 2013)")
    public static let scatteringB = ParameterSpec(
        "scattering_b", .number(.closed(0, 4)), unit: "1", "reduced scattering power b_s",
        range: "0 (flat) to 4 (Rayleigh)")
    public static let refractiveIndex = ParameterSpec(
        "refractive_index", .number(.closed(1.3, 1.6)), unit: "1", "tissue refractive index n_t",
        range: "water 1.33 to dense tissue 1.55")
    public static let melanosomeMuA = ParameterSpec(
        "melanosome_mua_500nm_per_cm", .number(.closed(0, 2000)), unit: "1/cm", "melanosome absorption at 500 nm",
        range: "around Jacques's 519/cm")
    public static let melanosomeExponent = ParameterSpec(
        "melanosome_exponent", .number(.closed(0, 10)), unit: "1", "melanosome absorption power law exponent",
        range: "around Jacques's 3")
    public static let baselineOffset = ParameterSpec(
        "baseline_mua_offset_per_cm", .number(.closed(0, 10)), unit: "1/cm", "bloodless dermis absorption: offset",
        range: "around Jacques's 0.244/cm")
    public static let baselineAmplitude = ParameterSpec(
        "baseline_mua_amplitude_per_cm", .number(.closed(0, 1000)), unit: "1/cm",
        "bloodless dermis absorption: amplitude", range: "around Jacques's 85.3/cm")
    public static let baselineCenter = ParameterSpec(
        "baseline_mua_center_nm", .number(.closed(0, 380)), unit: "nm",
        "bloodless dermis absorption: reference wavelength",
        range: "in the UV, below the light bins, so the exponential decays over them (Jacques: 154 nm)")
    public static let baselineScale = ParameterSpec(
        "baseline_mua_scale_nm", .number(.closed(10, 1000)), unit: "nm", "bloodless dermis absorption: decay length",
        range: "around Jacques's 66.2 nm")

    public static let parameters = [
        epidermisThickness, sebaceousTop, sebaceousBottom, melaninFraction, melaninPathFactor, bloodFraction,
        bloodOxygenSaturation, waterFraction, scatteringA, scatteringB, refractiveIndex, melanosomeMuA,
        melanosomeExponent, baselineOffset, baselineAmplitude, baselineCenter, baselineScale,
    ]

    public static func build(_ p: ParameterReader) throws(ModelError) -> Skin {
        let epi = try p.number(epidermisThickness)
        let top = try p.number(sebaceousTop)
        let bottom = try p.number(sebaceousBottom)
        guard epi < top else {
            throw ModelError(
                p.blame(sebaceousTop, epidermisThickness),
                "\(formatNumber(top)) cm is not below the epidermis (epidermis_thickness_cm = \(formatNumber(epi)) cm); expected 0 < d_epi < z_top < z_bottom"
            )
        }
        guard top < bottom else {
            throw ModelError(
                p.blame(sebaceousBottom, sebaceousTop),
                "\(formatNumber(bottom)) cm is not below sebaceous_top_cm = \(formatNumber(top)) cm; expected z_top < z_bottom"
            )
        }
        return Skin(
            epidermisThicknessCm: epi, sebaceousTopCm: top, sebaceousBottomCm: bottom,
            melaninFraction: try p.number(melaninFraction), melaninPathFactor: try p.number(melaninPathFactor),
            bloodFraction: try p.number(bloodFraction), bloodOxygenSaturation: try p.number(bloodOxygenSaturation),
            waterFraction: try p.number(waterFraction), scatteringAPerCm: try p.number(scatteringA),
            scatteringB: try p.number(scatteringB), refractiveIndex: try p.number(refractiveIndex),
            melanosomeMuA500PerCm: try p.number(melanosomeMuA), melanosomeExponent: try p.number(melanosomeExponent),
            baselineOffsetPerCm: try p.number(baselineOffset), baselineAmplitudePerCm: try p.number(baselineAmplitude),
            baselineCenterNM: try p.number(baselineCenter), baselineScaleNM: try p.number(baselineScale))
    }
}
