import PDTNumerics

/// The cream section (Models/MODEL.md §5), declared once.
public enum CreamParameters: SectionDeclaration {
    public static let concentration = ParameterSpec(
        "concentration_percent", .number(.halfOpen(above: 0, atMost: 100)), unit: "%", "prodrug strength, % w/w",
        range: "a mass fraction of the cream")
    public static let molarMass = ParameterSpec(
        "molar_mass_g_per_mol", .number(.closed(50, 1000)), unit: "g/mol", "molar mass of the prodrug salt",
        range: "small-molecule prodrugs: ALA·HCl 167.6, HAL·HCl 251.8")
    public static let density = ParameterSpec(
        "density_g_per_mL", .number(.closed(0.5, 2)), unit: "g/mL", "cream density",
        range: "creams, gels and ointments lie near 1 g/mL")
    public static let permeability = ParameterSpec(
        "permeability_cm_per_s", .number(.closed(0, 1e-4)), unit: "cm/s", "stratum-corneum permeability P_sc",
        range: "stratum-corneum permeabilities of small molecules span about 1e-10–1e-5 cm/s")
    public static let michaelisFactor = ParameterSpec(
        "michaelis_factor", .number(.closed(0.1, 10)), unit: "1", required: false,
        "the prodrug's Michaelis constant of PpIX synthesis relative to ALA's (K_m of the kinetics section)",
        range: "Juzeniene 2006 puts the half-maximal strengths of ALA, MAL and HAL within a factor of 4 of each other",
        default: (.number(1), "pdtsim default: converted to PpIX as ALA is (Models/MODEL.md §5)"))

    public static let parameters = [concentration, molarMass, density, permeability, michaelisFactor]

    public static func build(_ p: ParameterReader) throws(ModelError) -> Cream {
        Cream(
            concentrationPercent: try p.number(concentration), molarMassGPerMol: try p.number(molarMass),
            densityGPerML: try p.number(density), permeabilityCmPerS: try p.number(permeability),
            michaelisFactor: try p.number(michaelisFactor))
    }
}
