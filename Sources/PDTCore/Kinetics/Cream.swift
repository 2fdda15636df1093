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

    public init(
        concentrationPercent: Double, molarMassGPerMol: Double, densityGPerML: Double, permeabilityCmPerS: Double
    ) {
        self.concentrationPercent = concentrationPercent
        self.molarMassGPerMol = molarMassGPerMol
        self.densityGPerML = densityGPerML
        self.permeabilityCmPerS = permeabilityCmPerS
    }

    /// C_cream = (% w/w) × 10 × ρ / M mol/L, × 10⁶ for µM.
    public var concentrationUM: Double { concentrationPercent * 10 * densityGPerML / molarMassGPerMol * 1e6 }
}
