import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// Models/MODEL.md §5 and §8: conservation of prodrug, the analytic Jacobian, and the dark phases.
@Suite struct SessionEquationsTests {
    /// The reference session with clearance and elimination switched off.
    func conservativeModel() throws -> SessionModel {
        var treatment = try Fixture.treatment("allumera-blue", ["kinetics.prodrug_elimination_per_s=0"])
        treatment.kinetics.ppixHalfLifeH = .infinity
        return try treatment.sessionModel(data: Fixture.data)
    }

    func randomState(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { _ in Double.random(in: 0.1...50, using: &generator) }
    }

    /// Σ hₖ (daₖ/dt + 8 dpₖ/dt) = P_sc (C − a₀) for any state: diffusion moves prodrug only, the
    /// outer faces are closed, and synthesis turns 8 prodrug into 1 PpIX.
    @Test(arguments: [false, true])
    func discreteMassBalanceHoldsForAnyState(withOxygen: Bool) throws {
        let model = try conservativeModel()
        let equations = model.equations(sebaceousActivity: 0.7)
        let layout = SessionEquations.Layout(withOxygen: withOxygen, creamOn: true, lightOn: false)
        let y = randomState(equations.dimension(layout), seed: 7)
        let dydt = evaluate(equations.system(layout), y)
        var change = 0.0
        for k in 0..<model.grid.count {
            let perCell: Double = dydt[layout.index(cell: k, 0)] + 8 * dydt[layout.index(cell: k, 1)]
            change += model.grid.widths[k] * perCell
        }
        let inflow = model.cream.permeabilityCmPerS * (model.cream.concentrationUM - y[layout.first])
        #expect(close(change, inflow, relative: 1e-10))
        #expect(close(dydt[equations.uptakeIndex], inflow, relative: 1e-14))
    }

    /// Integrated: with light off, no clearance and no elimination, Σ hₖ (aₖ + 8 pₖ) equals the
    /// prodrug that crossed the surface.
    @Test func integratedMassBalance() throws {
        let model = try conservativeModel()
        let equations = model.equations(sebaceousActivity: 1)
        let layout = SessionEquations.Layout(withOxygen: false, creamOn: true, lightOn: false)
        let driver = try ODEDriver(
            system: equations.system(layout), stepper: .msbdf,
            tolerances: ODETolerances(absolute: 1e-12, relative: 1e-9))
        var y = [Double](repeating: 0, count: equations.dimension(layout))
        var t = 0.0
        #expect(driver.integrate(from: &t, to: 3600, state: &y) == .success)
        var held = 0.0
        for k in 0..<model.grid.count {
            let perCell: Double = y[layout.index(cell: k, 0)] + 8 * y[layout.index(cell: k, 1)]
            held += model.grid.widths[k] * perCell
        }
        let crossed = y[equations.uptakeIndex]
        #expect(crossed > 0)
        #expect(close(held, crossed, relative: 1e-6))
    }

    /// The analytic Jacobian equals central finite differences of the right-hand side.
    @Test(arguments: [(false, true, false), (true, false, true), (true, true, true), (true, false, false)])
    func jacobianMatchesFiniteDifferences(withOxygen: Bool, creamOn: Bool, lightOn: Bool) throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let equations = model.equations(sebaceousActivity: 0.5)
        let layout = SessionEquations.Layout(withOxygen: withOxygen, creamOn: creamOn, lightOn: lightOn)
        let system = equations.system(layout)
        let n = system.dimension
        let y = randomState(n, seed: 11)
        let analytic = jacobian(system, y)
        var numeric = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            let step = 1e-6 * max(abs(y[j]), 1)
            var plus = y
            var minus = y
            plus[j] += step
            minus[j] -= step
            let fp = evaluate(system, plus)
            let fm = evaluate(system, minus)
            for i in 0..<n { numeric[i * n + j] = (fp[i] - fm[i]) / (2 * step) }
        }
        // Each entry's error relative to the largest entry of its row.
        var worst = 0.0
        for i in 0..<n {
            let row = (0..<n).map { abs(analytic[i * n + $0]) }.max()!
            for j in 0..<n { worst = max(worst, abs(numeric[i * n + j] - analytic[i * n + j]) / max(row, 1e-12)) }
        }
        #expect(worst < 1e-5, "largest relative Jacobian error \(worst)")
    }

    /// The session system is banded: its Jacobian written into banded storage holds exactly the
    /// dense Jacobian's entries (in a debug build an entry outside the band would trip an assertion).
    @Test(arguments: [(false, true, false), (true, true, true), (true, false, true)])
    func bandedJacobianMatchesDense(withOxygen: Bool, creamOn: Bool, lightOn: Bool) throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let layout = SessionEquations.Layout(withOxygen: withOxygen, creamOn: creamOn, lightOn: lightOn)
        let system = model.equations(sebaceousActivity: 0.8).system(layout)
        let band = try #require(system.bandwidth)
        #expect(band.lower == layout.stride && band.upper == layout.stride)
        let n = system.dimension
        let y = randomState(n, seed: 5)
        let dense = jacobian(system, y)
        var banded = [Double](repeating: 0, count: n * band.storageWidth)
        ODESystem.evaluateJacobian(system, y, band: band, into: &banded)
        for i in 0..<n {
            for j in 0..<n {
                let inBand = i - j <= band.lower && j - i <= band.upper
                let stored = inBand ? banded[j * band.storageWidth + band.lower + band.upper + i - j] : 0
                #expect(stored == dense[i * n + j], "J[\(i), \(j)]")
            }
        }
    }

    /// In the dark R = 0: a uniform o = o₀ is a fixed point and the dose does not change, which is
    /// why incubation and after-care carry only (a, p).
    @Test func darkOxygenStaysAtBaseline() throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let equations = model.equations(sebaceousActivity: 1)
        let layout = SessionEquations.Layout(withOxygen: true, creamOn: true, lightOn: false)
        var y = randomState(equations.dimension(layout), seed: 3)
        for k in 0..<model.grid.count { y[layout.index(cell: k, 2)] = model.kinetics.oxygenBaselineUM }
        let dydt = evaluate(equations.system(layout), y)
        for k in 0..<model.grid.count {
            #expect(abs(dydt[layout.index(cell: k, 2)]) < 1e-12)
            #expect(dydt[layout.index(cell: k, 3)] == 0)
        }
    }
}

/// f(y) through a one-step-free driver call: the system's RHS evaluated into an array.
func evaluate(_ system: ODESystem, _ y: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: system.dimension)
    ODESystem.evaluate(system, y, into: &out)
    return out
}

/// The dense Jacobian, row-major.
func jacobian(_ system: ODESystem, _ y: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: system.dimension * system.dimension)
    ODESystem.evaluateJacobian(system, y, into: &out)
    return out
}
