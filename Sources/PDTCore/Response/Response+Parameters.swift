/// The response section (Models/MODEL.md §6), declared once.
public enum ResponseParameters: SectionDeclaration {
    static let timeConstant = "from hours (0.1 d) to ten years"
    public static let tauSebaceous = ParameterSpec(
        "tau_sebaceous_days", .number(.closed(0.1, 3650)), unit: "d", "τ_S, recovery of sebaceous activity",
        range: timeConstant)
    public static let tauInflammation = ParameterSpec(
        "tau_inflammation_days", .number(.closed(0.1, 3650)), unit: "d", "τ_I, inflammation following activity",
        range: timeConstant)
    public static let tauPore = ParameterSpec(
        "tau_pore_days", .number(.closed(0.1, 3650)), unit: "d", "τ_P, structural pore remodelling",
        range: timeConstant)
    public static let tauFlare = ParameterSpec(
        "tau_flare_days", .number(.closed(0.1, 3650)), unit: "d", "τ_F, acute flare chain", range: timeConstant)
    public static let killMax = ParameterSpec(
        "kill_max", .number(.unit), unit: "1", "s_max, largest kill fraction per session", range: "a fraction")
    public static let killHill = ParameterSpec(
        "kill_hill", .number(.closed(0.1, 10)), unit: "1", "n_H, Hill exponent of the kill curve",
        range: "dose-response curves have Hill slopes of order 1")
    public static let killD50 = ParameterSpec(
        "kill_d50_uM", .number(.closed(0.001, 1e5)), unit: "uM", "D₅₀, sebaceous dose of half-maximal kill",
        range: "a reacted singlet-oxygen dose: nM to 100 mM")
    public static let reductionMax = ParameterSpec(
        "reduction_max", .number(.unit), unit: "1", "r_max, pore reduction at full suppression", range: "a fraction")
    public static let flareAmplitude = ParameterSpec(
        "flare_amplitude", .number(.closed(0, 10)), unit: "1", "a_F, flare increment at saturating dose",
        range: "up to ten times the pore size")
    public static let flareD50 = ParameterSpec(
        "flare_d50_uM", .number(.closed(0.001, 1e5)), unit: "uM", "D₅₀,F, epidermal dose of half-maximal flare",
        range: "a reacted singlet-oxygen dose: nM to 100 mM")
    public static let flareVisibility = ParameterSpec(
        "flare_visibility", .number(.closed(0, 10)), unit: "1", "c_F, how much the flare shows in pore appearance",
        range: "up to ten times the pore size")

    public static let parameters = [
        tauSebaceous, tauInflammation, tauPore, tauFlare, killMax, killHill, killD50, reductionMax, flareAmplitude,
        flareD50, flareVisibility,
    ]

    public static func build(_ p: ParameterReader) throws(ModelError) -> Response {
        Response(
            tauSebaceousDays: try p.number(tauSebaceous), tauInflammationDays: try p.number(tauInflammation),
            tauPoreDays: try p.number(tauPore), tauFlareDays: try p.number(tauFlare), killMax: try p.number(killMax),
            killHill: try p.number(killHill), killD50UM: try p.number(killD50),
            reductionMax: try p.number(reductionMax), flareAmplitude: try p.number(flareAmplitude),
            flareD50UM: try p.number(flareD50), flareVisibility: try p.number(flareVisibility))
    }
}
