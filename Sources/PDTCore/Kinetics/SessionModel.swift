import PDTNumerics

/// One treatment session, prepared once per protocol: grid, region fractions, spectrum and
/// excitation profile (none of which depend on the sebaceous activity), ready to be run for any
/// S_act (Models/MODEL.md §3–§5).
public struct SessionModel: Sendable {
    public let grid: DepthGrid
    public let skin: Skin
    public let kinetics: Kinetics
    public let cream: Cream
    public let light: LightSource
    public let settings: SessionSettings
    public let solver: SolverSettings
    public let spectrum: Spectrum
    /// kₖ at the cell centres under the light, 1/s.
    public let excitation: [Double]
    /// Σ E f / Σ E at the cell centres.
    public let fluenceFactors: [Double]
    /// Region mean weights (overlap / total overlap) for the epidermis and the sebaceous band.
    public let epidermisWeights: [Double]
    public let sebaceousWeights: [Double]
    /// Cell fractions (overlap / hₖ) inside the epidermis and the sebaceous band.
    public let epidermisFractions: [Double]
    public let sebaceousFractions: [Double]
    /// PpIX-weighted irradiance E_PpIX, mW/cm².
    public let ppixWeightedIrradiance: Double
    /// The light transport f(z, λ) came from.
    public let opticsModel: OpticsModel
    /// The integrator of the session phases: pdtsim's, or CVODE as `pdtsim benchmark`'s yardstick.
    public var engine = SessionEngine.pdtsim

    /// - Parameter transport: where f(z, λ) comes from; nil for the skin's optics model with the
    ///   default disk cache (`LightTransport(skin:data:)`).
    /// - Throws: `ModelError` when the light's spectrum cannot be built.
    public init(
        grid: DepthGrid, skin: Skin, kinetics: Kinetics, cream: Cream, light: LightSource,
        settings: SessionSettings, solver: SolverSettings, data: ReferenceData, transport: LightTransport? = nil
    ) throws(ModelError) {
        precondition(
            0 < skin.epidermisThicknessCm && skin.epidermisThicknessCm < skin.sebaceousTopCm
                && skin.sebaceousTopCm < skin.sebaceousBottomCm && skin.sebaceousBottomCm <= grid.depthCm,
            "regions must satisfy 0 < d_epi < z_top < z_bottom ≤ L")
        self.grid = grid
        self.skin = skin
        self.kinetics = kinetics
        self.cream = cream
        self.light = light
        self.settings = settings
        self.solver = solver
        spectrum = try light.spectrum(data)
        let transport = transport ?? LightTransport(skin: skin, data: data)
        opticsModel = transport.model
        let profile = try Photophysics.excitationProfile(
            spectrum: spectrum, transport: transport, depthsCm: grid.centres)
        excitation = profile.rates
        fluenceFactors = profile.fluenceFactors
        epidermisWeights = grid.meanWeights(low: 0, high: skin.epidermisThicknessCm)
        sebaceousWeights = grid.meanWeights(low: skin.sebaceousTopCm, high: skin.sebaceousBottomCm)
        epidermisFractions = grid.fractions(low: 0, high: skin.epidermisThicknessCm)
        sebaceousFractions = grid.fractions(low: skin.sebaceousTopCm, high: skin.sebaceousBottomCm)
        ppixWeightedIrradiance = spectrum.ppixWeighted(data)
    }

    /// The region of each cell centre: "epidermis", "sebaceous" or "dermis".
    public var regions: [String] {
        grid.centres.map { z in
            if z <= skin.epidermisThicknessCm { return "epidermis" }
            if z >= skin.sebaceousTopCm && z <= skin.sebaceousBottomCm { return "sebaceous" }
            return "dermis"
        }
    }

    /// The session equations with the sebaceous synthesis scaled by `sebaceousActivity`:
    /// Vₖ = f_epi V_epi + f_seb V_seb S_act + (1 − f_epi − f_seb) V_derm, gₖ = f_epi g_epi + (1 − f_epi) g_derm.
    public func equations(sebaceousActivity: Double) -> SessionEquations {
        let k = kinetics
        let synthesis = (0..<grid.count).map { i in
            let epi = epidermisFractions[i]
            let seb = sebaceousFractions[i]
            return epi * k.synthesisEpidermisUMPerS + seb * k.synthesisSebaceousUMPerS * sebaceousActivity
                + (1 - epi - seb) * k.synthesisDermisUMPerS
        }
        let supply = epidermisFractions.map {
            $0 * k.oxygenSupplyEpidermisUMPerS + (1 - $0) * k.oxygenSupplyDermisUMPerS
        }
        return SessionEquations(
            grid: grid, kinetics: kinetics, cream: cream, synthesis: synthesis, supply: supply,
            excitation: excitation)
    }
}
