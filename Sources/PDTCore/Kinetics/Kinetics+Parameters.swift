import PDTNumerics

/// The kinetics section (Models/MODEL.md §5), declared once.
public enum KineticsParameters: SectionDeclaration {
    public static let prodrugDiffusion = ParameterSpec(
        "prodrug_diffusion_cm2_per_s", .number(.closed(0, 1e-5)), unit: "cm2/s", "prodrug diffusion D_a",
        range: "small molecules diffuse at most ~1e-5 cm²/s (free water); tissue is slower")
    public static let prodrugElimination = ParameterSpec(
        "prodrug_elimination_per_s", .number(.closed(0, 0.01)), unit: "1/s", "prodrug elimination k_el",
        range: "half-lives from about a minute (0.01/s) to none (0)")
    public static let michaelisConstant = ParameterSpec(
        "michaelis_constant_uM", .number(.closed(1, 1e5)), unit: "uM", "PpIX synthesis Michaelis constant K_m",
        range: "from µM to 100 mM, beyond any cream's prodrug concentration")
    public static let synthesisEpidermis = ParameterSpec(
        "synthesis_epidermis_uM_per_s", .number(.closed(0, 0.1)), unit: "uM/s", "maximal PpIX synthesis V, epidermis",
        range: "up to ~100× the calibrated 6e-4 µM/s (PpIX peaks of tens of µM within hours)")
    public static let synthesisSebaceous = ParameterSpec(
        "synthesis_sebaceous_uM_per_s", .number(.closed(0, 0.1)), unit: "uM/s",
        "maximal PpIX synthesis V, sebaceous band (× S_act)",
        range: "up to ~100× the calibrated 6e-4 µM/s")
    public static let synthesisDermis = ParameterSpec(
        "synthesis_dermis_uM_per_s", .number(.closed(0, 0.1)), unit: "uM/s", "maximal PpIX synthesis V, other dermis",
        range: "up to ~1000× the calibrated 6e-5 µM/s")
    public static let ppixHalfLife = ParameterSpec(
        "ppix_half_life_h", .number(.closed(0.1, 1000)), unit: "h",
        "PpIX clearance half-life (k_cl = ln 2 / half-life)",
        range: "measured 7–10 h; from minutes to weeks")
    public static let singletOxygenYield = ParameterSpec(
        "singlet_oxygen_yield", .number(.unit), unit: "1", "q = Φ_Δ α/(1 + α)", range: "a quantum yield")
    public static let oxygenHalfSaturation = ParameterSpec(
        "oxygen_half_saturation_uM", .number(.closed(0.1, 1000)), unit: "uM", "β",
        range: "tissue oxygen concentrations lie within 0.1–1000 µM")
    public static let bleaching = ParameterSpec(
        "bleaching_per_uM", .number(.closed(0, 0.01)), unit: "1/uM", "σ, singlet-oxygen-mediated bleaching",
        range: "up to ~300× the calibrated 3.5e-5/µM (bleaching within a fraction of a J/cm²)")
    public static let bleachingOffset = ParameterSpec(
        "bleaching_offset_uM", .number(.closed(0, 1000)), unit: "uM", "δ_PS",
        range: "a concentration within the range of tissue photosensitiser levels")
    public static let oxygenBaseline = ParameterSpec(
        "oxygen_baseline_uM", .number(.closed(1, 300)), unit: "uM", "ground-state oxygen o₀",
        range: "hypoxic tissue (~1 µM) to air-saturated water (~270 µM)")
    public static let oxygenSupplyEpidermis = ParameterSpec(
        "oxygen_supply_epidermis_uM_per_s", .number(.closed(0, 2000)), unit: "uM/s",
        "vascular O2 supply g, epidermis", range: "none to above Zhu 2015's 0.4–1390 µM/s for perfused tissue")
    public static let oxygenSupplyDermis = ParameterSpec(
        "oxygen_supply_dermis_uM_per_s", .number(.closed(0, 2000)), unit: "uM/s", "vascular O2 supply g, dermis",
        range: "none to above Zhu 2015's 0.4–1390 µM/s for perfused tissue")
    public static let oxygenDiffusion = ParameterSpec(
        "oxygen_diffusion_cm2_per_s", .number(.closed(0, 1e-4)), unit: "cm2/s", "O2 diffusion D_O2",
        range: "O₂ diffuses at 2–3e-5 cm²/s in water and tissue")

    public static let parameters = [
        prodrugDiffusion, prodrugElimination, michaelisConstant, synthesisEpidermis, synthesisSebaceous,
        synthesisDermis, ppixHalfLife, singletOxygenYield, oxygenHalfSaturation, bleaching, bleachingOffset,
        oxygenBaseline, oxygenSupplyEpidermis, oxygenSupplyDermis, oxygenDiffusion,
    ]

    public static func build(_ p: ParameterReader) throws(ModelError) -> Kinetics {
        Kinetics(
            prodrugDiffusionCm2PerS: try p.number(prodrugDiffusion),
            prodrugEliminationPerS: try p.number(prodrugElimination),
            michaelisConstantUM: try p.number(michaelisConstant),
            synthesisEpidermisUMPerS: try p.number(synthesisEpidermis),
            synthesisSebaceousUMPerS: try p.number(synthesisSebaceous),
            synthesisDermisUMPerS: try p.number(synthesisDermis), ppixHalfLifeH: try p.number(ppixHalfLife),
            singletOxygenYield: try p.number(singletOxygenYield),
            oxygenHalfSaturationUM: try p.number(oxygenHalfSaturation), bleachingPerUM: try p.number(bleaching),
            bleachingOffsetUM: try p.number(bleachingOffset), oxygenBaselineUM: try p.number(oxygenBaseline),
            oxygenSupplyEpidermisUMPerS: try p.number(oxygenSupplyEpidermis),
            oxygenSupplyDermisUMPerS: try p.number(oxygenSupplyDermis),
            oxygenDiffusionCm2PerS: try p.number(oxygenDiffusion))
    }
}
