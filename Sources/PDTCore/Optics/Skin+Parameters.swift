import PDTNumerics

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

    public static let opticsModel = ParameterSpec(
        "optics_model", .choice(OpticsModel.allCases.map(\.rawValue)), unit: nil, required: false,
        "where the kinetics take the fluence factor f(z, λ) from: diffusion theory (Models/MODEL.md §4, the calibration basis) or Monte Carlo light transport in layered skin (§10.11)",
        default: (.text(OpticsModel.diffusion.rawValue), "pdtsim default: diffusion theory, the calibration basis"))
    public static let anisotropyG = ParameterSpec(
        "anisotropy_g", .number(.closed(0, 0.99)), unit: "1", required: false,
        "monte_carlo: Henyey–Greenstein anisotropy g, μs = μs′/(1 − g)",
        range: "tissue scatters forward, g 0.8–0.95 (Jacques 2013); g → 1 makes μs diverge",
        default: (
            .number(SkinTransport.defaultAnisotropyG),
            "Jacques 2013, Phys. Med. Biol. 58 R37: g ≈ 0.9 for dermis in the visible"
        ))
    public static let stratumCorneumThickness = ParameterSpec(
        "stratum_corneum_thickness_cm", .number(.closed(0, 0.1)), unit: "cm", required: false,
        "monte_carlo: stratum corneum d_sc, the top of the epidermis with its own refractive index (0: none)",
        range: "0 (none); 10–20 µm on the face, up to ~1 mm on soles; thinner than the epidermis",
        default: (.number(0), "pdtsim default: no separate stratum corneum"))
    public static let stratumCorneumRefractiveIndex = ParameterSpec(
        "stratum_corneum_refractive_index", .number(.closed(1.3, 1.6)), unit: "1", required: false,
        "monte_carlo: stratum corneum refractive index n_sc", range: "water 1.33 to dry keratin 1.55",
        default: (
            .number(Skin.defaultStratumCorneumRefractiveIndex),
            "Tearney et al. 1995, Opt. Lett. 20:2258 (1.51 in vivo); Yoshida et al. 2013, J. Biomed. Opt. 18:037002 (1.51–1.53 at 550 nm)"
        ))
    public static let papillaryDermisThickness = ParameterSpec(
        "papillary_dermis_thickness_cm", .number(.closed(0, 0.1)), unit: "cm", required: false,
        "monte_carlo: papillary dermis d_pap below the epidermis, with its own blood fraction (0: none)",
        range: "0 (none); 0.1–0.2 mm in most skin; it must end above the sebaceous band",
        default: (.number(0), "pdtsim default: no separate papillary dermis"))
    public static let papillaryBloodFraction = ParameterSpec(
        "papillary_blood_fraction", .number(.closed(0, 0.5)), unit: "1", required: false,
        "monte_carlo: papillary dermis blood volume fraction B_pap",
        range: "0.2–7 % in the dermis; up to ~30 % in the superficial plexus (Meglinski & Matcher 2002)",
        default: (
            .number(Skin.defaultPapillaryBloodFraction), "Meglinski & Matcher 2002, Physiol. Meas. 23:741: 4 %"
        ))
    public static let monteCarloTargetRSE = ParameterSpec(
        "monte_carlo_target_rse", .number(.closed(0.01, 0.2)), unit: "1", required: false,
        "monte_carlo: relative standard error of f(z, λ) reached at every wavelength node over 0.05–1 mm",
        range: "1 % (a skin's table in under a minute) to 20 % (a quick look)",
        default: (.number(Skin.defaultMonteCarloTargetRSE), "pdtsim default: 1 %"))
    public static let monteCarloPhotons = ParameterSpec(
        "monte_carlo_photons", .integer(.closed(1000, 50_000)), unit: "1", required: false,
        "monte_carlo: a fixed number of photon packets per wavelength node, instead of the target RSE",
        range:
            "1000 to 5·10⁴: the shipped skins' tables then stay within the table's work bound; the standard error falls as 1/√N"
    )
    public static let monteCarloSeed = ParameterSpec(
        "monte_carlo_seed", .integer(.closed(0, 4_294_967_295)), unit: "1", required: false,
        "monte_carlo: random seed (batches are seeded from it, so any thread count gives the same f)",
        range: "any whole number up to 2³² − 1", default: (.number(1), "pdtsim default"))

    public static let parameters = [
        epidermisThickness, sebaceousTop, sebaceousBottom, melaninFraction, melaninPathFactor, bloodFraction,
        bloodOxygenSaturation, waterFraction, scatteringA, scatteringB, refractiveIndex, melanosomeMuA,
        melanosomeExponent, baselineOffset, baselineAmplitude, baselineCenter, baselineScale, opticsModel,
        anisotropyG, stratumCorneumThickness, stratumCorneumRefractiveIndex, papillaryDermisThickness,
        papillaryBloodFraction, monteCarloTargetRSE, monteCarloPhotons, monteCarloSeed,
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
        let model: OpticsModel =
            try p.choice(opticsModel, as: OpticsModel.self)
        let stratumCorneum = try p.number(stratumCorneumThickness)
        let papillary = try p.number(papillaryDermisThickness)
        if model == .diffusion {
            for (spec, value) in [(stratumCorneumThickness, stratumCorneum), (papillaryDermisThickness, papillary)]
            where value > 0 {
                throw ModelError(
                    p.blame(spec, opticsModel),
                    "\(spec.key) = \(formatNumber(value)) cm asks for a layer, but optics_model is diffusion, which has no layers; expected \(spec.key) = 0 or optics_model = monte_carlo"
                )
            }
        }
        guard stratumCorneum < epi else {
            throw ModelError(
                p.blame(stratumCorneumThickness, epidermisThickness),
                "\(formatNumber(stratumCorneum)) cm is not thinner than the epidermis (epidermis_thickness_cm = \(formatNumber(epi)) cm), of which the stratum corneum is the top; expected 0 ≤ d_sc < d_epi"
            )
        }
        guard epi + papillary <= top else {
            throw ModelError(
                p.blame(papillaryDermisThickness, sebaceousTop, epidermisThickness),
                "\(formatNumber(papillary)) cm reaches below the top of the sebaceous band (epidermis_thickness_cm + papillary_dermis_thickness_cm = \(formatNumber(epi + papillary)) cm > sebaceous_top_cm = \(formatNumber(top)) cm); expected the papillary dermis to end above the band, d_epi + d_pap ≤ z_top"
            )
        }
        let seed = try p.number(monteCarloSeed)
        return Skin(
            epidermisThicknessCm: epi, sebaceousTopCm: top, sebaceousBottomCm: bottom,
            melaninFraction: try p.number(melaninFraction), melaninPathFactor: try p.number(melaninPathFactor),
            bloodFraction: try p.number(bloodFraction), bloodOxygenSaturation: try p.number(bloodOxygenSaturation),
            waterFraction: try p.number(waterFraction), scatteringAPerCm: try p.number(scatteringA),
            scatteringB: try p.number(scatteringB), refractiveIndex: try p.number(refractiveIndex),
            melanosomeMuA500PerCm: try p.number(melanosomeMuA), melanosomeExponent: try p.number(melanosomeExponent),
            baselineOffsetPerCm: try p.number(baselineOffset), baselineAmplitudePerCm: try p.number(baselineAmplitude),
            baselineCenterNM: try p.number(baselineCenter), baselineScaleNM: try p.number(baselineScale),
            opticsModel: model, anisotropyG: try p.number(anisotropyG), stratumCorneumThicknessCm: stratumCorneum,
            stratumCorneumRefractiveIndex: try p.number(stratumCorneumRefractiveIndex),
            papillaryDermisThicknessCm: papillary, papillaryBloodFraction: try p.number(papillaryBloodFraction),
            monteCarloTargetRSE: try p.number(monteCarloTargetRSE),
            monteCarloPhotons: p.has(monteCarloPhotons) ? try p.integer(monteCarloPhotons) : nil,
            monteCarloSeed: UInt64(seed))
    }
}
