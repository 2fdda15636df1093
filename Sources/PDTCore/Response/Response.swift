import Foundation

/// Parameters of the months-long response model (Models/MODEL.md §6). Times in days, doses in µM.
public struct Response: Sendable, Equatable {
    /// Relaxation times τ_S (sebaceous activity), τ_I (inflammation), τ_P (pore size), τ_F (flare), d.
    public var tauSebaceousDays: Double
    public var tauInflammationDays: Double
    public var tauPoreDays: Double
    public var tauFlareDays: Double
    /// Kill curve s_max · Dⁿ/(Dⁿ + D₅₀ⁿ) of the sebaceous dose D.
    public var killMax: Double
    public var killHill: Double
    public var killD50UM: Double
    /// r_max: the structural pore reduction at full suppression of inflammation.
    public var reductionMax: Double
    /// Flare increment a_F · D_e/(D_e + D₅₀,F) of the epidermal dose D_e, and its visibility c_F.
    public var flareAmplitude: Double
    public var flareD50UM: Double
    public var flareVisibility: Double

    public init(
        tauSebaceousDays: Double, tauInflammationDays: Double, tauPoreDays: Double, tauFlareDays: Double,
        killMax: Double, killHill: Double, killD50UM: Double, reductionMax: Double, flareAmplitude: Double,
        flareD50UM: Double, flareVisibility: Double
    ) {
        self.tauSebaceousDays = tauSebaceousDays
        self.tauInflammationDays = tauInflammationDays
        self.tauPoreDays = tauPoreDays
        self.tauFlareDays = tauFlareDays
        self.killMax = killMax
        self.killHill = killHill
        self.killD50UM = killD50UM
        self.reductionMax = reductionMax
        self.flareAmplitude = flareAmplitude
        self.flareD50UM = flareD50UM
        self.flareVisibility = flareVisibility
    }

    /// kill_fraction = s_max · D_sⁿ/(D_sⁿ + D₅₀ⁿ).
    public func killFraction(sebaceousDoseUM dose: Double) -> Double {
        let x = pow(max(dose, 0), killHill)
        return killMax * x / (x + pow(killD50UM, killHill))
    }

    /// flare_increment = a_F · D_e/(D_e + D₅₀,F).
    public func flareIncrement(epidermalDoseUM dose: Double) -> Double {
        flareAmplitude * max(dose, 0) / (max(dose, 0) + flareD50UM)
    }
}

/// The response state: sebaceous activity S, inflammation I, flare chain F₁ → F₂, structural pore
/// size P (baseline S = I = P = 1, F₁ = F₂ = 0).
public struct ResponseState: Sendable, Equatable {
    public var sebaceousActivity: Double
    public var inflammation: Double
    public var flare1: Double
    public var flare2: Double
    public var poreSize: Double

    public static let baseline = ResponseState(sebaceousActivity: 1, inflammation: 1, flare1: 0, flare2: 0, poreSize: 1)

    public init(sebaceousActivity: Double, inflammation: Double, flare1: Double, flare2: Double, poreSize: Double) {
        self.sebaceousActivity = sebaceousActivity
        self.inflammation = inflammation
        self.flare1 = flare1
        self.flare2 = flare2
        self.poreSize = poreSize
    }

    var vector: [Double] { [sebaceousActivity, inflammation, flare1, flare2, poreSize] }

    init(_ v: [Double]) {
        self.init(sebaceousActivity: v[0], inflammation: v[1], flare1: v[2], flare2: v[3], poreSize: v[4])
    }

    /// Pore appearance P + c_F F₂ (the flare's swelling shows at once).
    public func poreAppearance(_ response: Response) -> Double { poreSize + response.flareVisibility * flare2 }

    /// 100 (1 − pore appearance), %.
    public func poreReductionPercent(_ response: Response) -> Double { 100 * (1 - poreAppearance(response)) }
}

extension Response {
    /// The linear response system, time in days:
    ///
    ///     dS/dt = (1 − S)/τ_S         dI/dt = (S − I)/τ_I
    ///     dF₁/dt = −F₁/τ_F           dF₂/dt = (F₁ − F₂)/τ_F
    ///     dP/dt = (1 − r_max (1 − I) − P)/τ_P
    public var system: ODESystem {
        let r = self
        return ODESystem(
            dimension: 5,
            rhs: { _, y, dydt in
                dydt[0] = (1 - y[0]) / r.tauSebaceousDays
                dydt[1] = (y[0] - y[1]) / r.tauInflammationDays
                dydt[2] = -y[2] / r.tauFlareDays
                dydt[3] = (y[2] - y[3]) / r.tauFlareDays
                dydt[4] = (1 - r.reductionMax * (1 - y[1]) - y[4]) / r.tauPoreDays
            },
            jacobian: { _, _, j, _ in
                j[0, 0] = -1 / r.tauSebaceousDays
                j[1, 0] = 1 / r.tauInflammationDays
                j[1, 1] = -1 / r.tauInflammationDays
                j[2, 2] = -1 / r.tauFlareDays
                j[3, 2] = 1 / r.tauFlareDays
                j[3, 3] = -1 / r.tauFlareDays
                j[4, 1] = r.reductionMax / r.tauPoreDays
                j[4, 4] = -1 / r.tauPoreDays
            })
    }
}
