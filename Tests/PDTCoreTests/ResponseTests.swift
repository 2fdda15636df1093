import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// Models/MODEL.md §6: the response model against its exact solution after one session's jumps, for the
/// format-1 model (`revitall-single-point`: B stays 1; the format-2 pathways: `ResponsePathwaysTests`).
@Suite struct ResponseTests {
    let response: Response

    static let formatOne = ["response=revitall-single-point"]

    init() throws { response = try Fixture.treatment("allumera-blue", Self.formatOne).response }

    /// After S ← 1 − κ and F₁ ← A at t = 0 from baseline:
    /// S = 1 − κ e^(−t/τS); 1 − I = κ τS/(τS − τI) (e^(−t/τS) − e^(−t/τI));
    /// F₁ = A e^(−t/τF), F₂ = A (t/τF) e^(−t/τF); 1 − P = r_max Σ (driven first-order responses).
    func exact(_ t: Double, kill κ: Double, flare a: Double) -> [Double] {
        let (ts, ti, tf, tp, r) = (
            response.tauSebaceousDays, response.tauInflammationDays, response.tauFlareDays, response.tauPoreDays,
            response.reductionMax
        )
        func driven(_ tau: Double) -> Double { tau / (tau - tp) * (exp(-t / tau) - exp(-t / tp)) }
        let c = κ * ts / (ts - ti)
        return [
            1 - κ * exp(-t / ts), 1 - c * (exp(-t / ts) - exp(-t / ti)), a * exp(-t / tf), a * t / tf * exp(-t / tf),
            1 - r * c * (driven(ts) - driven(ti)),
        ]
    }

    @Test(arguments: [ODEStepper.rk8pd, .msbdf, .rkf45])
    func matchesTheExactSolution(stepper: ODEStepper) throws {
        let driver = try ODEDriver(
            system: response.system, stepper: stepper, tolerances: ODETolerances(absolute: 1e-12, relative: 1e-10),
            limits: ODEStepLimits(initialStep: 1e-3))
        var y = [0.4, 1, 0.3, 0, 1, 1]
        var t = 0.0
        for day in stride(from: 10.0, through: 365, by: 45) {
            #expect(driver.integrate(from: &t, to: day, state: &y) == .success)
            for (value, truth) in zip(y, exact(day, kill: 0.6, flare: 0.3) + [1]) { #expect(abs(value - truth) < 1e-7) }
        }
    }

    @Test func jumpCurves() {
        #expect(response.killFraction(sebaceousDoseUM: 0) == 0)
        #expect(close(response.killFraction(sebaceousDoseUM: 9), 0.4, relative: 1e-12))
        #expect(close(response.killFraction(sebaceousDoseUM: 1e6), 0.8, relative: 1e-6))
        #expect(close(response.flareIncrement(epidermalDoseUM: 500), 0.5, relative: 1e-12))
    }

    /// In a protocol run with one session on day 0, the daily samples follow the exact solution
    /// with the session's own kill fraction and flare increment.
    @Test func protocolTimelineFollowsTheExactSolution() throws {
        let treatment = try Fixture.treatment(
            "allumera-blue", Self.formatOne + ["schedule.session_days=0", "schedule.horizon_days=200"])
        let result = try ProtocolSimulator(treatment: treatment, data: Fixture.data).run()
        let session = try #require(result.sessions.first)
        #expect(result.timeline.count == 201)
        for sample in result.timeline where sample.day > 0 {
            let truth = exact(Double(sample.day), kill: session.killFraction, flare: session.flareIncrement)
            let s = sample.state
            for (value, expected) in zip([s.sebaceousActivity, s.inflammation, s.flare1, s.flare2, s.poreSize], truth) {
                #expect(abs(value - expected) < 1e-7)
            }
        }
    }
}
