/// A topical prodrug cream (Models/MODEL.md §5).
public struct Cream: Sendable, Hashable {
    /// Strength in % w/w.
    public var concentrationPercent: Double
    /// Molar mass of the prodrug salt, g/mol.
    public var molarMassGPerMol: Double
    /// Cream density, g/mL.
    public var densityGPerML: Double
    /// Stratum-corneum permeability P_sc, cm/s.
    public var permeabilityCmPerS: Double
    /// f_K, the prodrug's Michaelis constant of PpIX synthesis relative to ALA's (1 for ALA): the
    /// synthesis in a cell is V a/(f_K K_m + a), so a prodrug with f_K > 1 makes less PpIX at low
    /// strength and about as much once the skin is saturated (Models/MODEL.md §5).
    public var michaelisFactor: Double = 1

    /// C_cream = (% w/w) × 10 × ρ / M mol/L, × 10⁶ for µM.
    public var concentrationUM: Double { concentrationPercent * 10 * densityGPerML / molarMassGPerMol * 1e6 }
}
