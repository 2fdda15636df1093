import Foundation

/// Parameters of the session kinetics (Models/MODEL.md §5). Concentrations µM, times s, lengths cm.
public struct Kinetics: Sendable, Hashable {
    /// Prodrug diffusion coefficient D_a, cm²/s.
    public var prodrugDiffusionCm2PerS: Double
    /// Prodrug elimination rate k_el, 1/s.
    public var prodrugEliminationPerS: Double
    /// Michaelis constant of PpIX synthesis K_m, µM.
    public var michaelisConstantUM: Double
    /// Maximal synthesis rates V by region, µM/s (the sebaceous value is scaled by S_act).
    public var synthesisEpidermisUMPerS: Double
    public var synthesisSebaceousUMPerS: Double
    public var synthesisDermisUMPerS: Double
    /// PpIX clearance half-life, h: k_cl = ln 2 / half-life.
    public var ppixHalfLifeH: Double
    /// q = Φ_Δ · α/(1 + α): singlet oxygen that reacts per excitation at saturating O₂.
    public var singletOxygenYield: Double
    /// β, the O₂ concentration at which half the triplets are quenched by O₂, µM.
    public var oxygenHalfSaturationUM: Double
    /// σ, the ¹O₂-mediated bleaching constant, 1/µM.
    public var bleachingPerUM: Double
    /// δ_PS, the low-concentration correction of bleaching, µM.
    public var bleachingOffsetUM: Double
    /// Baseline ground-state oxygen o₀, µM.
    public var oxygenBaselineUM: Double
    /// Vascular O₂ supply g by region, µM/s (the sebaceous band is dermis).
    public var oxygenSupplyEpidermisUMPerS: Double
    public var oxygenSupplyDermisUMPerS: Double
    /// O₂ diffusion coefficient D_O₂, cm²/s.
    public var oxygenDiffusionCm2PerS: Double

    public init(
        prodrugDiffusionCm2PerS: Double, prodrugEliminationPerS: Double, michaelisConstantUM: Double,
        synthesisEpidermisUMPerS: Double, synthesisSebaceousUMPerS: Double, synthesisDermisUMPerS: Double,
        ppixHalfLifeH: Double, singletOxygenYield: Double, oxygenHalfSaturationUM: Double,
        bleachingPerUM: Double, bleachingOffsetUM: Double, oxygenBaselineUM: Double,
        oxygenSupplyEpidermisUMPerS: Double, oxygenSupplyDermisUMPerS: Double, oxygenDiffusionCm2PerS: Double
    ) {
        self.prodrugDiffusionCm2PerS = prodrugDiffusionCm2PerS
        self.prodrugEliminationPerS = prodrugEliminationPerS
        self.michaelisConstantUM = michaelisConstantUM
        self.synthesisEpidermisUMPerS = synthesisEpidermisUMPerS
        self.synthesisSebaceousUMPerS = synthesisSebaceousUMPerS
        self.synthesisDermisUMPerS = synthesisDermisUMPerS
        self.ppixHalfLifeH = ppixHalfLifeH
        self.singletOxygenYield = singletOxygenYield
        self.oxygenHalfSaturationUM = oxygenHalfSaturationUM
        self.bleachingPerUM = bleachingPerUM
        self.bleachingOffsetUM = bleachingOffsetUM
        self.oxygenBaselineUM = oxygenBaselineUM
        self.oxygenSupplyEpidermisUMPerS = oxygenSupplyEpidermisUMPerS
        self.oxygenSupplyDermisUMPerS = oxygenSupplyDermisUMPerS
        self.oxygenDiffusionCm2PerS = oxygenDiffusionCm2PerS
    }

    /// PpIX clearance rate k_cl = ln 2 / half-life, 1/s.
    public var clearancePerS: Double { log(2.0) / (ppixHalfLifeH * 3600) }

    /// Prodrug molecules consumed per PpIX made (8 ALA → 1 PpIX, the haem pathway's stoichiometry).
    public static let prodrugPerPpIX = 8.0
}
