import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTStudies

/// The readout schema (`TimelineReadout`, `SessionReadout`, `ProtocolReadout`): every consumer —
/// the simulate files, ensemble rows, maintenance tables, cohort bands, calibration observables
/// and optimisation quantities — lists exactly the declared names, in the declared order, and
/// reads the same values.
@Suite struct ReadoutSchemaTests {
    /// One session over 30 days, evaluated on day 20: a real run to read.
    static let point: ProtocolPoint = {
        // The shipped protocol is part of the repository; failing to load it is a broken checkout.
        let base: ProtocolDefinition
        do { base = try Fixture.library.loadProtocol("allumera-blue") } catch { fatalError("\(error)") }
        let evaluator = ProtocolEvaluator(library: Fixture.library, data: Fixture.data, base: base, jobs: 1)
        let batch = [
            [
                Override(section: .schedule, key: "initial_sessions", number: 1),
                Override(section: .schedule, key: "horizon_days", number: 30),
                Override(section: .readouts, key: "evaluation_day", number: 20),
            ]
        ]
        guard case .success(let point) = evaluator.evaluate(batch)[0] else { fatalError("the run failed") }
        return point
    }()

    static var report: SimulationReport { SimulationReport(definition: point.definition, result: point.result) }

    @Test("every declaration has a unique name, a unit and a one-line meaning")
    func declarationsAreComplete() {
        let declared: [[(name: String, unit: String, meaning: String)]] = [
            TimelineReadout.all.map { ($0.name, $0.unit, $0.meaning) },
            SessionReadout.all.map { ($0.name, $0.unit, $0.meaning) },
            ProtocolReadout.all.map { ($0.name, $0.unit, $0.meaning) },
        ]
        for list in declared {
            #expect(Set(list.map(\.name)).count == list.count, "\(list.map(\.name))")
            for d in list {
                #expect(!d.unit.isEmpty && !d.meaning.isEmpty && !d.meaning.contains("\n"), "\(d.name)")
            }
        }
        #expect(SessionReadout.all.filter { !$0.isNumber }.map(\.name) == ["photosensitivity_censored"])
    }

    @Test(
        "timeline.csv, observables, timeline aggregates, cohort bands and maintenance timelines list the timeline schema"
    )
    func timelineConsumers() throws {
        let names = TimelineReadout.all.map(\.name)
        let table = Self.report.timeline
        #expect(table.header == ["day"] + names)
        #expect(Observable.timelineNames == names)
        #expect(Set(Quantity.timelineColumns) == Set(names) && Quantity.timelineColumns.count == names.count)
        #expect(Quantity.timelineColumns.first == "pore_reduction_percent")
        #expect(CohortPlan.series == TimelineReadout.principal.map(\.name))
        let maintenance = MaintenanceResult(
            baseline: Self.point.result, cases: [MaintenanceCase(intervalDays: 0, result: Self.point.result)])
        #expect(maintenance.timelines.header == ["maintenance_interval_days", "day"] + CohortPlan.series)
        for day in [0, 1, 20, 30] {
            let sample = Self.point.result.timeline[day]
            for (k, readout) in TimelineReadout.all.enumerated() {
                let x = readout.value(sample)
                #expect(table.rows[day][k + 1] == .number(x), "\(readout.name) day \(day)")
                #expect(Observable(name: readout.name)?.value(in: Self.point.result, day: day) == x)
                let q = try Quantity.parse("timeline:\(readout.name):max:\(day):\(day)", location: "test")
                #expect(q.value(Self.point) == x, "\(readout.name) day \(day)")
            }
        }
    }

    @Test("sessions.csv, session1_ columns, observables and session aggregates list the session schema")
    func sessionConsumers() throws {
        let names = SessionReadout.all.map(\.name)
        let table = Self.report.sessions
        #expect(table.header == ["session", "day"] + names)
        #expect(SweepPlan.sessionColumns == names.map { "session1_" + $0 })
        #expect(Observable.sessionNames == SessionReadout.all.filter(\.isNumber).map(\.name))
        #expect(Quantity.sessionColumns == SessionReadout.outcomes.filter(\.isNumber).map(\.name))
        let session = Self.point.result.sessions[0]
        let row = EnsembleOutcome.readoutFields(Self.point.result)
        for (k, readout) in SessionReadout.all.enumerated() {
            #expect(table.rows[0][k + 2] == readout.field(session), "\(readout.name)")
            #expect(row[ProtocolReadout.summary.count + k] == readout.field(session), "\(readout.name)")
            guard let x = readout.number(session) else { continue }
            #expect(Observable(name: readout.name)?.value(in: Self.point.result, day: session.day) == x)
            if Quantity.sessionColumns.contains(readout.name) {
                let q = try Quantity.parse("session:\(readout.name):max", location: "test")
                #expect(q.value(Self.point) == x, "\(readout.name)")
            }
        }
    }

    @Test("summary.json, ensemble readout columns, maintenance.csv and named quantities list the protocol schema")
    func protocolConsumers() throws {
        let r = Self.point.result.readouts
        guard case .object(let pairs) = Self.report.summary else {
            Issue.record("summary.json is not an object")
            return
        }
        let keys = ProtocolReadout.summary.map { $0.key(evaluationDay: 20) }
        #expect(keys.first == "reduction_on_day_20_percent")
        #expect(Array(pairs.map(\.0).prefix(keys.count)) == keys)
        #expect(pairs.prefix(keys.count).map(\.1) == ProtocolReadout.summary.map { $0.json(r) })
        let base = Self.point.definition
        #expect(SweepPlan.readoutColumns(base: base, variesEvaluationDay: false) == keys)
        #expect(
            SweepPlan.readoutColumns(base: base, variesEvaluationDay: true)
                == ProtocolReadout.summary.map(\.name))
        let row = EnsembleOutcome.readoutFields(Self.point.result)
        #expect(Array(row.prefix(keys.count)) == ProtocolReadout.summary.map { $0.field(r) })
        #expect(Quantity.names == ProtocolReadout.quantities.map(\.name))
        for readout in ProtocolReadout.quantities {
            let x = try Quantity.parse(readout.name, location: "test").value(Self.point)
            #expect(x == readout.number(Self.point.result, treatment: Self.point.treatment), "\(readout.name)")
        }
        let maintenance = MaintenanceResult(
            baseline: Self.point.result, cases: [MaintenanceCase(intervalDays: 0, result: Self.point.result)])
        #expect(
            maintenance.summary.header == [
                "maintenance_interval_days", "sessions", "mean_reduction_percent", "min_reduction_percent",
                "days_at_or_above_target", "gain_per_extra_session_percent", "total_incident_fluence_J_per_cm2",
            ])
        #expect(ProtocolReadout.day(ofReductionName: ProtocolReadout.reductionName(day: 365)) == 365)
        #expect(ProtocolReadout.day(ofReductionName: "reduction_on_day_-1_percent") == nil)
    }

    /// The name lists in messages, written out in full: their wording and order are part of the interface.
    @Test("messages that list readouts keep their wording and order")
    func messagesKeepTheirOrder() {
        func message(_ text: String) -> String {
            do {
                _ = try Quantity.parse(text, location: "--pareto")
                return ""
            } catch { return error.description }
        }
        #expect(
            message("timeline:pore:max:1:2")
                == "--pareto: unknown timeline column 'pore'; expected one of pore_reduction_percent, sebaceous_activity, inflammation, flare, structural_pore_size, pore_appearance, sebum_relative, inflammatory_lesions_relative"
        )
        #expect(
            message("session:kill:max")
                == "--pareto: unknown session column 'kill'; expected one of incident_fluence_J_per_cm2, ppix_weighted_fluence_J_per_cm2, ppix_epidermis_at_light_on_uM, ppix_sebaceous_at_light_on_uM, ppix_epidermis_at_light_off_uM, ppix_sebaceous_at_light_off_uM, bleached_fraction_epidermis, min_oxygen_uM, dose_epidermis_uM, dose_sebaceous_uM, kill_fraction, flare_increment, photosensitivity_hours"
        )
        #expect(
            message("peak")
                == "--pareto: unknown quantity 'peak'; expected one of reduction_on_evaluation_day_percent, peak_reduction_percent, mean_reduction_percent, min_reduction_percent, days_at_or_above_target, effect_duration_days, sessions, sessions_per_year, total_incident_fluence_J_per_cm2, total_ppix_weighted_fluence_J_per_cm2, total_light_on_minutes, photosensitivity_hours, reduction_on_day_N_percent, a timeline, session or input quantity"
        )
        #expect(
            Observable.allNames == [
                "sebaceous_activity", "inflammation", "flare", "structural_pore_size", "pore_appearance",
                "pore_reduction_percent", "sebum_relative", "inflammatory_lesions_relative",
                "sebaceous_activity_before", "incident_fluence_J_per_cm2",
                "ppix_weighted_fluence_J_per_cm2", "ppix_epidermis_at_light_on_uM", "ppix_sebaceous_at_light_on_uM",
                "ppix_epidermis_at_light_off_uM", "ppix_sebaceous_at_light_off_uM", "bleached_fraction_epidermis",
                "min_oxygen_uM", "dose_epidermis_uM", "dose_sebaceous_uM", "kill_fraction", "flare_increment",
                "photosensitivity_hours",
            ])
    }

    /// The measurement bounds of every observable, as the README states them.
    @Test("each observable's measurement bounds come from its declaration's magnitude")
    func boundsFromTheDeclarations() {
        let expected: [String: Double] = [
            "sebaceous_activity": 10, "sebaceous_activity_before": 10, "bleached_fraction_epidermis": 10,
            "kill_fraction": 10, "inflammation": 100, "flare": 100, "flare_increment": 100,
            "structural_pore_size": 100, "pore_appearance": 100, "pore_reduction_percent": 1000,
            "dose_epidermis_uM": 1e6, "dose_sebaceous_uM": 1e6, "photosensitivity_hours": 1e5,
            "sebum_relative": 10, "inflammatory_lesions_relative": 100,
        ]
        for name in Observable.allNames {
            let bounds = Observable(name: name)!.bounds
            #expect(bounds == MeasurementBounds(magnitude: expected[name] ?? 1e4), "\(name)")
        }
        #expect(Observable(name: "photosensitivity_censored") == nil)
    }

    /// The reference table (name, unit, meaning) of every readout, built from the declarations.
    static var table: String {
        var lines = ["| readout | file | unit | meaning |", "|---|---|---|---|"]
        for r in TimelineReadout.all { lines.append("| `\(r.name)` | timeline.csv | \(r.unit) | \(r.meaning) |") }
        for r in SessionReadout.all { lines.append("| `\(r.name)` | sessions.csv | \(r.unit) | \(r.meaning) |") }
        for r in ProtocolReadout.all {
            let dated = r.key(evaluationDay: 0) != r.name
            let name = dated ? "`\(r.name)` (in summary.json `reduction_on_day_E_percent`)" : "`\(r.name)`"
            let place =
                r.uses == [.summary, .quantity]
                ? "summary.json, quantity" : r.uses == .summary ? "summary.json" : "quantity"
            lines.append("| \(name) | \(place) | \(r.unit) | \(r.meaning) |")
        }
        return lines.joined(separator: "\n")
    }

    @Test("the readouts reference table matches the declarations")
    func referenceTableMatches() throws {
        let url = Fixture.repository.appendingPathComponent("Sources/PDTCommands/PDTCommands.docc/Outputs.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(Self.table + "\n"), "Outputs.md lacks the readouts table; expected:\n\(Self.table)")
    }
}
