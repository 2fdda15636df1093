import PDTNumerics

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
        "reduction_max", .number(.unit), unit: "1", "r_I, pore reduction at full suppression of inflammatory lesions",
        range: "a fraction")
    public static let flareAmplitude = ParameterSpec(
        "flare_amplitude", .number(.closed(0, 10)), unit: "1", "a_F, flare increment at saturating dose",
        range: "up to ten times the pore size")
    public static let flareD50 = ParameterSpec(
        "flare_d50_uM", .number(.closed(0.001, 1e5)), unit: "uM", "D₅₀,F, epidermal dose of half-maximal flare",
        range: "a reacted singlet-oxygen dose: nM to 100 mM")
    public static let flareVisibility = ParameterSpec(
        "flare_visibility", .number(.closed(0, 10)), unit: "1", "c_F, how much the flare shows in pore appearance",
        range: "up to ten times the pore size")

    /// Format version 2 (Models/MODEL.md §6, §11): the follicular pathway and the sebum term of the
    /// pore target. A format-1 file takes the defaults, which make the model the format-1 one.
    static let formatOne = "pdtsim default: the format-1 model, "
    public static let tauDrive = ParameterSpec(
        "tau_drive_days", .number(.closed(0.1, 3650)), unit: "d", required: false,
        "τ_B, recovery of the follicular inflammatory drive", range: timeConstant,
        default: (.number(60), "[assumed]; no effect while drive_reduction_max = 0 (Models/MODEL.md §6)"),
        formatVersion: 2)
    public static let driveReductionMax = ParameterSpec(
        "drive_reduction_max", .number(.unit), unit: "1", required: false,
        "b_max, largest fall of the follicular inflammatory drive per session", range: "a fraction",
        default: (.number(0), formatOne + "no follicular pathway (Models/MODEL.md §6)"), formatVersion: 2)
    public static let driveD50 = ParameterSpec(
        "drive_d50_uM", .number(.closed(0.001, 1e5)), unit: "uM", required: false,
        "D₅₀,B, epidermal dose of half the largest fall of the drive",
        range: "a reacted singlet-oxygen dose: nM to 100 mM",
        default: (.number(100), "[assumed]; no effect while drive_reduction_max = 0 (Models/MODEL.md §6)"),
        formatVersion: 2)
    public static let reductionSebumMax = ParameterSpec(
        "reduction_sebum_max", .number(.unit), unit: "1", required: false,
        "r_S, pore reduction at full suppression of sebum excretion", range: "a fraction; r_I + r_S ≤ 1",
        default: (.number(0), formatOne + "the pore target follows inflammation only (Models/MODEL.md §6)"),
        formatVersion: 2)

    public static let parameters = [
        tauSebaceous, tauInflammation, tauPore, tauFlare, killMax, killHill, killD50, reductionMax, flareAmplitude,
        flareD50, flareVisibility, tauDrive, driveReductionMax, driveD50, reductionSebumMax,
    ]

    /// Builds the response; refuses r_I + r_S > 1, which would drive the pore size below zero.
    public static func build(_ p: ParameterReader) throws(ModelError) -> Response {
        let response = Response(
            tauSebaceousDays: try p.number(tauSebaceous), tauInflammationDays: try p.number(tauInflammation),
            tauPoreDays: try p.number(tauPore), tauFlareDays: try p.number(tauFlare), killMax: try p.number(killMax),
            killHill: try p.number(killHill), killD50UM: try p.number(killD50),
            reductionMax: try p.number(reductionMax), flareAmplitude: try p.number(flareAmplitude),
            flareD50UM: try p.number(flareD50), flareVisibility: try p.number(flareVisibility),
            tauDriveDays: try p.number(tauDrive), driveReductionMax: try p.number(driveReductionMax),
            driveD50UM: try p.number(driveD50), reductionSebumMax: try p.number(reductionSebumMax))
        guard response.reductionMax + response.reductionSebumMax <= 1 else {
            throw ModelError(
                p.blame(reductionSebumMax, reductionMax),
                "reduction_max + reduction_sebum_max = \(formatNumber(response.reductionMax)) + \(formatNumber(response.reductionSebumMax)) exceeds 1; expected a sum ≤ 1 (the pore size at full suppression, 1 − r_I − r_S, cannot be negative)"
            )
        }
        return response
    }
}
