import Foundation
import PDTNumerics

/// Parameters of the months-long response model (Models/MODEL.md §6). Times in days, doses in µM.
/// The format-1 model is the one with b_max = 0 and r_S = 0; τ_B and D₅₀,B then have no effect.
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
    /// r_I: the structural pore reduction at full suppression of inflammatory lesions.
    public var reductionMax: Double
    /// Flare increment a_F · D_e/(D_e + D₅₀,F) of the epidermal dose D_e, and its visibility c_F.
    public var flareAmplitude: Double
    public var flareD50UM: Double
    public var flareVisibility: Double
    /// τ_B, d: recovery of the follicular inflammatory drive B.
    public var tauDriveDays: Double
    /// Fall of the drive b_max · D_e/(D_e + D₅₀,B) of the epidermal dose D_e.
    public var driveReductionMax: Double
    public var driveD50UM: Double
    /// r_S: the structural pore reduction at full suppression of sebum excretion.
    public var reductionSebumMax: Double

    /// kill_fraction = s_max · D_sⁿ/(D_sⁿ + D₅₀ⁿ).
    public func killFraction(sebaceousDoseUM dose: Double) -> Double {
        let x = pow(max(dose, 0), killHill)
        return killMax * x / (x + pow(killD50UM, killHill))
    }

    /// flare_increment = a_F · D_e/(D_e + D₅₀,F).
    public func flareIncrement(epidermalDoseUM dose: Double) -> Double {
        flareAmplitude * max(dose, 0) / (max(dose, 0) + flareD50UM)
    }

    /// drive_reduction = b_max · D_e/(D_e + D₅₀,B): the fraction of the follicular drive B a
    /// session removes (B ← B (1 − drive_reduction)).
    public func driveReduction(epidermalDoseUM dose: Double) -> Double {
        driveReductionMax * max(dose, 0) / (max(dose, 0) + driveD50UM)
    }
}

/// The response state: sebaceous activity S (sebum excretion relative to untreated), inflammation
/// I (inflammatory lesions relative to baseline), flare chain F₁ → F₂, structural pore size P and
/// follicular inflammatory drive B (baseline S = I = P = B = 1, F₁ = F₂ = 0).
public struct ResponseState: Sendable, Equatable {
    public var sebaceousActivity: Double
    public var inflammation: Double
    public var flare1: Double
    public var flare2: Double
    public var poreSize: Double
    public var inflammatoryDrive: Double

    public static let baseline = ResponseState(
        sebaceousActivity: 1, inflammation: 1, flare1: 0, flare2: 0, poreSize: 1, inflammatoryDrive: 1)

    /// The integrator's state vector [S, I, F₁, F₂, P, B] (`Response.system`).
    var vector: [Double] { [sebaceousActivity, inflammation, flare1, flare2, poreSize, inflammatoryDrive] }

    /// Pore appearance P + c_F F₂ (the flare's swelling shows at once).
    public func poreAppearance(_ response: Response) -> Double { poreSize + response.flareVisibility * flare2 }

    /// 100 (1 − pore appearance), %.
    public func poreReductionPercent(_ response: Response) -> Double { 100 * (1 - poreAppearance(response)) }
}

extension ResponseState {
    /// The state of the integrator's vector [S, I, F₁, F₂, P, B] (`Response.system`). In an
    /// extension, so that the type keeps its memberwise initialiser.
    init(_ v: [Double]) {
        self.init(
            sebaceousActivity: v[0], inflammation: v[1], flare1: v[2], flare2: v[3], poreSize: v[4],
            inflammatoryDrive: v[5])
    }
}

extension Response {
    /// The response system on y = [S, I, F₁, F₂, P, B], time in days:
    ///
    ///     dS/dt = (1 − S)/τ_S         dI/dt = (S·B − I)/τ_I          dB/dt = (1 − B)/τ_B
    ///     dF₁/dt = −F₁/τ_F           dF₂/dt = (F₁ − F₂)/τ_F
    ///     dP/dt = (1 − r_I (1 − I) − r_S (1 − S) − P)/τ_P
    ///
    /// S and B relax on their own; I follows their product (lesions need sebum and the drive), so
    /// the system is linear but for the S·B term. With B ≡ 1 (b_max = 0) and r_S = 0 it is the
    /// format-1 model, evaluated to the same bits (S·1 = S, x − 0·(1 − S) = x).
    public var system: ODESystem {
        let r = self
        return ODESystem(
            dimension: 6,
            rhs: { _, y, dydt in
                dydt[0] = (1 - y[0]) / r.tauSebaceousDays
                dydt[1] = (y[0] * y[5] - y[1]) / r.tauInflammationDays
                dydt[2] = -y[2] / r.tauFlareDays
                dydt[3] = (y[2] - y[3]) / r.tauFlareDays
                dydt[4] =
                    (1 - r.reductionMax * (1 - y[1]) - r.reductionSebumMax * (1 - y[0]) - y[4]) / r.tauPoreDays
                dydt[5] = (1 - y[5]) / r.tauDriveDays
            },
            jacobian: { _, y, j, _ in
                j[0, 0] = -1 / r.tauSebaceousDays
                j[1, 0] = y[5] / r.tauInflammationDays
                j[1, 1] = -1 / r.tauInflammationDays
                j[1, 5] = y[0] / r.tauInflammationDays
                j[2, 2] = -1 / r.tauFlareDays
                j[3, 2] = 1 / r.tauFlareDays
                j[3, 3] = -1 / r.tauFlareDays
                j[4, 0] = r.reductionSebumMax / r.tauPoreDays
                j[4, 1] = r.reductionMax / r.tauPoreDays
                j[4, 4] = -1 / r.tauPoreDays
                j[5, 5] = -1 / r.tauDriveDays
            })
    }
}
