import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// Models/MODEL.md §6–§8: calibration, schedules, readouts and the protocol-level behaviours.
@Suite struct ProtocolTests {
    func run(_ name: String = "allumera-blue", _ overrides: [String] = []) throws -> ProtocolResult {
        try ProtocolSimulator(treatment: try Fixture.treatment(name, overrides), data: Fixture.data).run()
    }

    /// The calibration target of the single-point preset `revitall-single-point` (the default response
    /// before the joint evidence fit): 44 ± 2 % on day 150, peak between days 130 and 160, a small
    /// negative reduction the day after the first session (the flare, about −2 %), about 20 % on day 365.
    @Test func singlePointPresetMeetsItsCalibrationTarget() throws {
        let result = try run("allumera-blue", ["response=revitall-single-point"])
        let r = result.readouts
        #expect(abs(r.reductionOnEvaluationDay - 44) <= 2, "day 150: \(r.reductionOnEvaluationDay) %")
        #expect((130...160).contains(r.peakDay), "peak on day \(r.peakDay)")
        let dayOne = result.timeline[1].poreReductionPercent
        #expect(dayOne < -1 && dayOne > -3, "day 1: \(dayOne) %")
        for session in result.sessions.dropFirst() {
            #expect(
                result.timeline[session.day + 1].poreReductionPercent
                    < result.timeline[session.day].poreReductionPercent)
        }
        let last = result.timeline[365].poreReductionPercent
        #expect(last > 15 && last < 25, "day 365: \(last) %")
        #expect(result.sessions.map(\.day) == [0, 28, 56])
        #expect(r.totalIncidentFluenceJPerCm2 == 30)
    }

    /// A suppressed gland makes less PpIX: later sessions see less sebaceous activity and less dose.
    @Test func closelySpacedSessionsGiveDiminishingReturns() throws {
        let sessions = try run().sessions
        #expect(sessions[0].result.sebaceousActivityBefore == 1)
        #expect(sessions[1].result.sebaceousActivityBefore < 1)
        #expect(sessions[1].result.doseSebaceousUM < sessions[0].result.doseSebaceousUM)
        #expect(sessions[2].killFraction < sessions[0].killFraction)
    }

    @Test func oneSessionGivesLessBenefitThanThree() throws {
        let one = try run("allumera-blue", ["schedule.initial_sessions=1"]).readouts.reductionOnEvaluationDay
        let three = try run().readouts.reductionOnEvaluationDay
        #expect(one < three)
        #expect(one > 0)
    }

    /// Shorter maintenance intervals give a higher mean reduction, with diminishing gain per extra
    /// session.
    @Test func maintenanceIntervalsRankWithDiminishingGain() throws {
        let base = ["schedule.horizon_days=730"]
        let none = try run("allumera-blue", base).readouts
        var previousMean = none.meanReduction
        var previousGain = Double.infinity
        for interval in [180, 90, 60] {
            let r = try run("allumera-blue", base + ["schedule.maintenance_interval_days=\(interval)"]).readouts
            #expect(r.meanReduction > previousMean, "interval \(interval): mean \(r.meanReduction)")
            let gain = (r.meanReduction - none.meanReduction) / Double(r.sessions - none.sessions)
            #expect(gain < previousGain, "interval \(interval): gain per session \(gain)")
            previousMean = r.meanReduction
            previousGain = gain
        }
    }

    @Test func maintainedPresetFollowsTwoYears() throws {
        let treatment = try Fixture.treatment("allumera-blue-maintained")
        #expect(treatment.schedule.days == [0, 28, 56, 146, 236, 326, 416, 506, 596, 686])
        #expect(treatment.schedule.horizonDays == 730)
    }

    /// An explicit day list and the regular series replace each other; switching back needs the
    /// whole series.
    @Test func explicitSessionDaysReplaceTheSeries() throws {
        let treatment = try Fixture.treatment("allumera-blue", ["schedule.session_days=0,10,40"])
        #expect(treatment.schedule.days == [0, 10, 40])
        let back = try Fixture.treatment(
            "allumera-blue",
            [
                "schedule.session_days=0,10,40", "schedule.initial_sessions=3", "schedule.spacing_days=30",
                "schedule.maintenance_interval_days=0",
            ])
        #expect(back.schedule.days == [0, 30, 60])
        #expect(throws: ModelError.self) {
            try Fixture.treatment("allumera-blue", ["schedule.session_days=0,10,40", "schedule.spacing_days=30"])
        }
    }

    /// A sample on a session day shows the state just before the session's jumps.
    @Test func sessionDaySampleIsBeforeTheJumps() throws {
        let result = try run(
            "allumera-blue", ["schedule.initial_sessions=1", "schedule.horizon_days=3", "readouts.evaluation_day=2"])
        #expect(result.timeline[0].state == .baseline)
        #expect(result.timeline[1].state.sebaceousActivity < 1)
    }

    @Test func readoutsFromSamples() {
        // Days 0…10; last session on day 2.
        let samples: [Double] = [0, -2, 10, 35, 40, 31, 29, 33, 20, 10, 5]
        let r = ProtocolReadouts(
            reductions: samples, sessionDays: [0, 2], evaluationDay: 4, targetPercent: 30, incidentFluences: [10, 10],
            ppixWeightedFluences: [6, 6])
        #expect(r.reductionOnEvaluationDay == 40)
        #expect(r.peakReduction == 40 && r.peakDay == 4)
        #expect(close(r.meanReduction, (40 + 31 + 29 + 33 + 20 + 10 + 5) / 7.0, relative: 1e-15))
        #expect(r.minimumReduction == 5)
        #expect(r.daysAtOrAboveTarget == 4)
        // The last sample ≥ 30 % is on day 7, so every sample from day 8 on is below: 8 − 2 = 6 days.
        #expect(r.effectDurationDays == 6 && !r.effectDurationCensored)
        #expect(r.totalIncidentFluenceJPerCm2 == 20 && r.totalPpixWeightedFluenceJPerCm2 == 12)

        let still = ProtocolReadouts(
            reductions: [0, 35, 36], sessionDays: [0], evaluationDay: 2, targetPercent: 30, incidentFluences: [1],
            ppixWeightedFluences: [1])
        #expect(still.effectDurationDays == 2 && still.effectDurationCensored)

        let never = ProtocolReadouts(
            reductions: [0, 5, 6], sessionDays: [0], evaluationDay: 1, targetPercent: 30, incidentFluences: [1],
            ppixWeightedFluences: [1])
        #expect(never.effectDurationDays == 0 && !never.effectDurationCensored)
    }
}
