import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// Models/MODEL.md §6, format 2: the follicular pathway B, the sebum term r_S of the pore target,
/// and the format-1 model as their special case b_max = 0, r_S = 0.
@Suite struct ResponsePathwaysTests {
    /// One session of allumera-blue on day 0, a 200-day horizon, with `overrides`.
    static func oneSession(_ overrides: [String] = []) throws -> (TreatmentProtocol, ProtocolResult) {
        let treatment = try Fixture.treatment(
            "allumera-blue", ["schedule.session_days=0", "schedule.horizon_days=200"] + overrides)
        return (treatment, try ProtocolSimulator(treatment: treatment, data: Fixture.data).run())
    }

    /// The bits of every daily state and readout.
    static func bits(_ result: ProtocolResult) -> [UInt64] {
        result.timeline.flatMap { s in
            (s.state.vector + [s.poreAppearance, s.poreReductionPercent]).map(\.bitPattern)
        }
    }

    /// `revitall-single-point` (format 1) rewritten as a format-2 file whose new keys are neutral
    /// (b_max = 0, r_S = 0; τ_B and D₅₀,B at other values, which then act on nothing).
    static func singlePointAsFormatTwo() throws -> String {
        let url = URL(fileURLWithPath: Fixture.modelsPath).appendingPathComponent(
            "responses/revitall-single-point.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var parameters = try #require(object["parameters"] as? [String: Any])
        for (key, value, unit) in [
            ("tau_drive_days", 30.0, "d"), ("drive_reduction_max", 0, "1"), ("drive_d50_uM", 7, "uM"),
            ("reduction_sebum_max", 0, "1"),
        ] {
            parameters[key] = ["value": value, "unit": unit, "source": "test"]
        }
        object["parameters"] = parameters
        object["format_version"] = 2
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-response-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: object).write(to: path)
        return path.path
    }

    @Test("a format-1 response file and the same parameters in format 2 with the new keys neutral give the same bits")
    func formatOneIsASpecialCase() throws {
        let formatTwo = try Self.singlePointAsFormatTwo()
        defer { try? FileManager.default.removeItem(atPath: formatTwo) }
        let (_, v1) = try Self.oneSession(["response=revitall-single-point"])
        let (_, v2) = try Self.oneSession(["response=\(formatTwo)"])
        #expect(Self.bits(v1) == Self.bits(v2))
        // τ_B and D₅₀,B act only through b_max: with b_max = 0 they change nothing.
        let (_, other) = try Self.oneSession([
            "response=\(formatTwo)", "response.tau_drive_days=5", "response.drive_d50_uM=3",
        ])
        #expect(Self.bits(other) == Self.bits(v2))
        #expect(v2.timeline.allSatisfy { $0.state.inflammatoryDrive == 1 })
    }

    /// After jumps to S₀, B₀ (I = I₀) at t = 0, between sessions:
    /// S = 1 − (1 − S₀) e^(−t/τS), B = 1 − (1 − B₀) e^(−t/τB) and, with f(a) = a/(a − τI) (e^(−t/a) − e^(−t/τI))
    /// the response of dI/dt = (e^(−t/a) − I)/τI from 0,
    /// I = I₀ e^(−t/τI) + 1 − e^(−t/τI) − (1 − S₀) f(τS) − (1 − B₀) f(τB) + (1 − S₀)(1 − B₀) f(τSB),
    /// 1/τSB = 1/τS + 1/τB.
    @Test(arguments: [ODEStepper.rk8pd, .msbdf])
    func matchesTheClosedFormBetweenSessions(stepper: ODEStepper) throws {
        let response = try Fixture.treatment(
            "allumera-blue", ["response.tau_drive_days=40", "response.reduction_sebum_max=0.1"]
        ).response
        let (s0, i0, b0) = (0.7, 0.9, 0.5)
        let (ts, ti, tb) = (response.tauSebaceousDays, response.tauInflammationDays, response.tauDriveDays)
        let tsb = 1 / (1 / ts + 1 / tb)
        func exact(_ t: Double) -> (s: Double, i: Double, b: Double) {
            func f(_ a: Double) -> Double { a / (a - ti) * (exp(-t / a) - exp(-t / ti)) }
            let i =
                i0 * exp(-t / ti) + 1 - exp(-t / ti) - (1 - s0) * f(ts) - (1 - b0) * f(tb) + (1 - s0) * (1 - b0)
                * f(tsb)
            return (1 - (1 - s0) * exp(-t / ts), i, 1 - (1 - b0) * exp(-t / tb))
        }
        let driver = try ODEDriver(
            system: response.system, stepper: stepper, tolerances: ODETolerances(absolute: 1e-12, relative: 1e-10),
            limits: ODEStepLimits(initialStep: 1e-3))
        var y = [s0, i0, 0, 0, 1, b0]
        var t = 0.0
        for day in [1.0, 7, 30, 90, 200, 365] {
            #expect(driver.integrate(from: &t, to: day, state: &y) == .success)
            let truth = exact(day)
            #expect(abs(y[0] - truth.s) < 1e-7)
            #expect(abs(y[1] - truth.i) < 1e-7, "day \(day): I = \(y[1]), closed form \(truth.i)")
            #expect(abs(y[5] - truth.b) < 1e-7)
        }
    }

    @Test("the drive lowers inflammation while sebum stays at baseline")
    func inflammationFallsWithoutSebumLoss() throws {
        let (treatment, result) = try Self.oneSession(["response.kill_max=0", "response.drive_reduction_max=0.6"])
        let session = try #require(result.sessions.first)
        let response = treatment.response
        let reduction = response.driveReduction(epidermalDoseUM: session.result.doseEpidermisUM)
        #expect(reduction > 0.3)
        #expect(result.timeline.allSatisfy { $0.state.sebaceousActivity == 1 })
        let lowest = try #require(result.timeline.map(\.state.inflammation).min())
        #expect(lowest < 1 - 0.5 * reduction, "lowest I \(lowest) after a drive reduction of \(reduction)")
        #expect(
            abs(result.timeline[1].state.inflammatoryDrive - (1 - reduction * exp(-1 / response.tauDriveDays))) < 1e-9)
        // With the drive off the same session leaves inflammation at baseline.
        let (_, off) = try Self.oneSession(["response.kill_max=0", "response.drive_reduction_max=0"])
        #expect(off.timeline.allSatisfy { $0.state.inflammation == 1 })
    }

    /// τ_B, b_max, D₅₀,B and r_S act after the sessions: a replay of the stored sessions under them
    /// is the full run, bit for bit (what lets a calibration estimate them without re-running sessions).
    @Test("the format-2 keys are downstream of the sessions: a replay equals a full run")
    func replayEqualsAFullRun() throws {
        let keys = [
            "response.drive_reduction_max=0.6", "response.drive_d50_uM=300", "response.tau_drive_days=45",
            "response.reduction_sebum_max=0.15",
        ]
        #expect(
            Set(keys.map { String($0.dropFirst("response.".count).prefix { $0 != "=" }) })
                .isSubset(of: ResponseReplay.downstreamKeys))
        let (_, base) = try Self.oneSession()
        let (treatment, full) = try Self.oneSession(keys)
        let replay = try ResponseReplay.run(base, treatment: treatment, response: treatment.response)
        #expect(Self.bits(replay) == Self.bits(full))
        #expect(Self.bits(full) != Self.bits(base))
    }

    /// Pore size, with only I feeding its target (r_S = 0), passes S through two first-order lags in
    /// series: swapping τ_I and τ_P gives the same curve. r_S > 0 feeds S past the τ_I lag and
    /// breaks the symmetry.
    @Test("r_S > 0 makes (τ_I, τ_P) and (τ_P, τ_I) give different pore curves")
    func sebumTermBreaksTheLagExchange() throws {
        // The single-point response kills sebaceous activity at this dose, so S has a course to feed.
        let (treatment, base) = try Self.oneSession(["response=revitall-single-point"])
        func pores(_ rS: Double, swapped: Bool) throws -> [Double] {
            var r = treatment.response
            r.reductionMax = 0.8 - rS
            r.reductionSebumMax = rS
            if swapped { (r.tauInflammationDays, r.tauPoreDays) = (r.tauPoreDays, r.tauInflammationDays) }
            return try ResponseReplay.run(base, treatment: treatment, response: r).timeline.map(\.state.poreSize)
        }
        func largestGap(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max()! }
        #expect(largestGap(try pores(0, swapped: false), try pores(0, swapped: true)) < 1e-9)
        #expect(largestGap(try pores(0.3, swapped: false), try pores(0.3, swapped: true)) > 1e-2)
    }
}
