import Foundation
import Synchronization
import Testing

@testable import PDTCore
@testable import PDTStudies

/// Models/MODEL.md §8: fluence-rate effect, grid convergence, action spectrum, and session readouts.
@Suite struct SessionBehaviourTests {
    func session(_ overrides: [String], activity: Double = 1, detail: Bool = false) throws -> SessionResult {
        try Fixture.treatment("allumera-blue", overrides).sessionModel(data: Fixture.data).run(
            sebaceousActivity: activity, detail: detail)
    }

    /// Blue at 10 J/cm² delivered at 5, 10 and 20 mW/cm²: falling doses and falling minimum O₂.
    @Test func fluenceRateEffect() throws {
        let results = try [5, 10, 20].map { try session(["light.irradiance_mW_per_cm2=\($0)"]) }
        for (low, high) in zip(results, results.dropFirst()) {
            #expect(high.doseEpidermisUM < low.doseEpidermisUM)
            #expect(high.doseSebaceousUM < low.doseSebaceousUM)
            #expect(high.minimumOxygenUM < low.minimumOxygenUM)
            #expect(high.incidentFluenceJPerCm2 == low.incidentFluenceJPerCm2)
        }
    }

    /// Refining the grid moves the region doses by less than 3 %.
    @Test func gridConvergence() throws {
        let coarse = try session([])
        let fine = try session(["grid.cells=120", "grid.ratio=1.03"])
        #expect(close(coarse.doseEpidermisUM, fine.doseEpidermisUM, relative: 0.03))
        #expect(close(coarse.doseSebaceousUM, fine.doseSebaceousUM, relative: 0.03))
    }

    /// Tolerances: the shipped solver presets agree with an independent tight run (GSL's msbdf at
    /// rtol 1e-9, atol 1e-12 µM) within 0.1 % on every dose and PpIX readout (Models/MODEL.md §5).
    @Test(arguments: ["allumera-blue", "allumera-red", "daylight-ala"], ["default", "fast"])
    func solverPresetsAreTightEnough(protocolName: String, solver: String) throws {
        func run(_ overrides: [String]) throws -> SessionResult {
            try Fixture.treatment(protocolName, overrides).sessionModel(data: Fixture.data).run(sebaceousActivity: 1)
        }
        let normal = try run(["solver=\(solver)"])
        let tight = try run([
            "solver.stepper=msbdf", "solver.relative_tolerance=1e-9", "solver.absolute_tolerance_uM=1e-12",
        ])
        for (a, b) in [
            (normal.doseEpidermisUM, tight.doseEpidermisUM), (normal.doseSebaceousUM, tight.doseSebaceousUM),
            (normal.ppixEpidermisAtLightOn, tight.ppixEpidermisAtLightOn),
            (normal.ppixSebaceousAtLightOn, tight.ppixSebaceousAtLightOn),
            (normal.ppixEpidermisAtLightOff, tight.ppixEpidermisAtLightOff),
            (normal.ppixSebaceousAtLightOff, tight.ppixSebaceousAtLightOff),
        ] {
            #expect(close(a, b, relative: 1e-3), "\(protocolName) with solver \(solver): \(a) vs \(b)")
        }
    }

    /// Zero-width lines every 1 nm from 380 to 700 nm at 10 mW/cm² for 1000 s: the five largest
    /// local maxima of the sebaceous dose lie within ±4 nm of 405, 506, 542, 577 and 631 nm, and
    /// every value above 660 nm is ≤ 5 % of the maximum.
    @Test func actionSpectrum() throws {
        let wavelengths = Array(380...700)
        let base = try Fixture.treatment(
            "allumera-blue", ["light.fwhm_nm=0", "light.irradiance_mW_per_cm2=10", "light.duration_s=1000"])
        let doses = try parallelMap(wavelengths) { wavelength in
            var treatment = base
            treatment.light.shape = .gaussian(centerNM: Double(wavelength), fwhmNM: 0)
            return try treatment.sessionModel(data: Fixture.data).run(sebaceousActivity: 1).doseSebaceousUM
        }
        let maxima: [Int] = (1..<(doses.count - 1)).filter { (i: Int) -> Bool in
            doses[i] > doses[i - 1] && doses[i] >= doses[i + 1]
        }
        let largest = maxima.sorted { doses[$0] > doses[$1] }.prefix(5).map { wavelengths[$0] }.sorted()
        #expect(largest.count == 5)
        let expectedMaxima: [Int] = [405, 506, 542, 577, 631]
        for (found, expected) in zip(largest, expectedMaxima) {
            let distance: Int = abs(found - expected)
            #expect(distance <= 4, "maxima at \(largest)")
        }
        let peak = doses.max()!
        for (wavelength, dose) in zip(wavelengths, doses) where wavelength > 660 { #expect(dose <= 0.05 * peak) }
    }

    @Test func sessionReadoutsAreConsistent() throws {
        let result = try session([], detail: true)
        let profile = try #require(result.profile)
        #expect(profile.depthsCm.count == 60)
        #expect(result.minimumOxygenUM == profile.minimumOxygen.min())
        #expect(result.minimumOxygenUM > 0 && result.minimumOxygenUM < 40)
        #expect(result.doseEpidermisUM > result.doseSebaceousUM)
        #expect(result.bleachedFractionEpidermis > 0 && result.bleachedFractionEpidermis < 1)
        #expect(
            result.photosensitivityHours > 0 && result.photosensitivityHours < 48 && !result.photosensitivityCensored)
        #expect(close(result.incidentFluenceJPerCm2, 10, relative: 1e-12))
        let trace = try #require(result.trace)
        #expect(trace.first?.phase == .incubation && trace.last?.phase == .aftercare)
        #expect(zip(trace, trace.dropFirst()).allSatisfy { $0.timeS <= $1.timeS })
        #expect(close(trace.last!.timeS, 3600 + 1000 + 48 * 3600, relative: 1e-12))
        #expect(trace.filter { $0.phase == .aftercare }.allSatisfy { $0.oxygenEpidermis == nil })
    }

    /// With the cream left on under the light (daylight PDT), PpIX can grow under the light: the
    /// bleached fraction may be negative, and more prodrug crosses the surface.
    @Test func creamLeftOnKeepsSupplying() throws {
        let off = try session(["session.cream_on_during_light=false", "light.duration_s=3600"])
        let on = try session(["session.cream_on_during_light=true", "light.duration_s=3600"])
        #expect(on.prodrugUptakeNmolPerCm2 > off.prodrugUptakeNmolPerCm2)
        #expect(on.ppixEpidermisAtLightOff > off.ppixEpidermisAtLightOff)
    }

    /// Fractionated light: the same light-on time with dark intervals lets oxygen recover, so the
    /// minimum O₂ is no lower and the dose no smaller than continuous light.
    @Test func fractionationLetsOxygenRecover() throws {
        let continuous = try session(["light.irradiance_mW_per_cm2=40"])
        let fractionated = try session([
            "light.irradiance_mW_per_cm2=40", "light.fraction_on_s=30", "light.fraction_off_s=30",
        ])
        #expect(fractionated.doseSebaceousUM >= continuous.doseSebaceousUM)
        #expect(fractionated.minimumOxygenUM >= continuous.minimumOxygenUM)
        #expect(close(fractionated.incidentFluenceJPerCm2, continuous.incidentFluenceJPerCm2, relative: 1e-12))
    }
}

/// Maps `body` over `items` on all cores, keeping the order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> R) throws -> [R] {
    let results = Mutex<[Result<R, any Error>?]>(Array(repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        let result = Result { try body(items[index]) }
        results.withLock { $0[index] = result }
    }
    return try results.withLock { try $0.map { try $0!.get() } }
}
