import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// Optimisation model files: the shipped ones load; every mistake is one message naming the key.
@Suite struct OptimizationFileTests {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pdtsim-optimization-files-\(getpid())")

    static let valid = """
        {"format_version": 1, "kind": "optimization", "name": "t", "description": "d",
         "protocol": "allumera-blue", "set": ["schedule.horizon_days=400"],
         "variables": [{"key": "schedule.maintenance_interval_days", "lower": 30, "upper": 120, "step": 30},
                       {"key": "light.center_nm", "choices": [417, 635]},
                       {"key": "light.fluence_J_per_cm2", "lower": 2, "upper": 20}],
         "objective": {"maximize": {"timeline": "pore_reduction_percent", "aggregate": "mean", "from_day": 200, "to_day": 399}},
         "constraints": [{"quantity": {"session": "dose_epidermis_uM", "aggregate": "max"}, "upper": 500},
                         {"quantity": {"input": "light.fluence_J_per_cm2"}, "lower": 3, "upper": 10}],
         "method": {"samples": 4, "starts": 2, "seed": 3, "max_evaluations": 50}}
        """

    func load(_ text: String) throws(ModelError) -> OptimizationProblem {
        try? FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        let path = Self.folder.appendingPathComponent("\(UUID().uuidString).json").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try OptimizationFile.load(path, library: Fixture.library)
    }

    func message(_ text: String) -> String {
        do {
            _ = try load(text)
            return "no error"
        } catch {
            return error.problem + " @ " + (error.location.split(separator: ": ").dropFirst().joined(separator: ": "))
        }
    }

    /// The infeasibility report names the smallest set of constraints no point meets together,
    /// found from the evaluations alone: here three constraints each pair of which some point meets
    /// (each point misses one), so only all three conflict; with a fourth that no point meets, that
    /// one alone.
    @Test func infeasibilityNamesTheSmallestConflictingSet() throws {
        var problem = try load(Self.valid)
        let fluence = Quantity.input("light.fluence_J_per_cm2")
        problem.constraints = [1.0, 2, 3].map {
            OptimizationConstraint(quantity: fluence, bound: ConstraintBound(lower: $0, upper: nil))
        }
        func point(_ values: [Double]) -> OptimizationEvaluation {
            OptimizationEvaluation(values: [], feasible: false, failure: nil, objective: 1, constraintValues: values)
        }
        let evaluations = [point([0, 5, 5]), point([5, 0, 5]), point([5, 5, 0]), point([0.5, 1.5, 2.5])]
        let search = SearchResult(
            records: [], best: 3, localSearches: [], strategy: "enumeration", status: .optimal, statusReason: "")
        let result = OptimizationResult(
            problem: problem, evaluations: evaluations, best: 3, search: search, modelEvaluations: 4)
        let triple = ProtocolOptimizer.infeasibility(result)
        #expect(
            triple.conflict.map(\.constraint) == [
                "light.fluence_J_per_cm2 ≥ 1", "light.fluence_J_per_cm2 ≥ 2", "light.fluence_J_per_cm2 ≥ 3",
            ])
        // The closest point to meeting all three is the last (total scaled violation 0.5 + 0.25 + 0.17).
        #expect(triple.conflict.map(\.shortBy) == [0.5, 0.5, 0.5])
        #expect(
            triple.description.contains("cannot be met together (every smaller set of them is met by some point tried)")
        )
        problem.constraints.append(
            OptimizationConstraint(quantity: fluence, bound: ConstraintBound(lower: 9, upper: nil)))
        let single = ProtocolOptimizer.infeasibility(
            OptimizationResult(
                problem: problem,
                evaluations: evaluations.map { e in point(e.constraintValues + [e.constraintValues[0] + 1]) },
                best: 3, search: search, modelEvaluations: 4))
        #expect(single.conflict.map(\.constraint) == ["light.fluence_J_per_cm2 ≥ 9"])
        #expect(single.conflict[0].value == 6 && single.conflict[0].shortBy == 3)
        #expect(
            single.description.hasSuffix(
                "the constraint light.fluence_J_per_cm2 ≥ 9 cannot be met: the closest point reaches 6 (short by 3)"))
        let none = ProtocolOptimizer.infeasibility(
            OptimizationResult(
                problem: problem,
                evaluations: [
                    OptimizationEvaluation(
                        values: [], feasible: false, failure: "boom", objective: .nan, constraintValues: [])
                ],
                best: 0, search: search, modelEvaluations: 1))
        #expect(none.conflict.isEmpty && none.description.hasSuffix("every evaluation failed (first: boom)"))
    }

    @Test func validFileReadsEveryPart() throws {
        let p = try load(Self.valid)
        #expect(
            p.variables.map(\.key) == [
                "schedule.maintenance_interval_days", "light.center_nm", "light.fluence_J_per_cm2",
            ])
        #expect(p.variables[0].domain == .values([30, 60, 90, 120]))
        #expect(p.variables[1].domain == .values([417, 635]))
        #expect(p.variables[2].domain == .interval(lower: 2, upper: 20))
        #expect(p.objective.sense == .maximize)
        #expect(
            p.objective.quantity
                == .timeline(column: "pore_reduction_percent", aggregate: .mean, fromDay: 200, toDay: 399))
        #expect(
            p.constraints.map(\.phrase) == ["session_max_dose_epidermis_uM ≤ 500", "3 ≤ light.fluence_J_per_cm2 ≤ 10"])
        #expect(p.method.samples == 4 && p.method.starts == 2 && p.method.seed == 3 && p.method.maxEvaluations == 50)
        #expect(p.base.sections[.schedule]!.integer(ScheduleParameters.horizon) == 400)
        #expect(
            p.assignments([60, 417, 2.5]) == [
                "schedule.maintenance_interval_days=60", "light.center_nm=417", "light.fluence_J_per_cm2=2.5",
            ])
    }

    @Test("every shipped optimisation loads; the two the issue names are constrained")
    func shippedOptimisationsLoad() throws {
        let paths = OptimizationTiming.shipped(library: Fixture.library)
        #expect(paths.count >= 2)
        var constrained: Set<String> = []
        for path in paths {
            let p = try OptimizationFile.load(path, library: Fixture.library)
            if !p.constraints.isEmpty { constrained.insert(URL(fileURLWithPath: path).lastPathComponent) }
        }
        #expect(constrained.isSuperset(of: ["fewest-maintenance-sessions.json", "blue-light-dose.json"]))
    }

    @Test(arguments: [
        (#""objective""#, #""objectve""#, "unknown key (did you mean 'objective'?)"),
        (#""lower": 30"#, #""lower": -5"#, "-5 is outside schedule.maintenance_interval_days's range"),
        (#""upper": 20}"#, #""upper": 20.5, "step": 0.5}"#, "no error"),
        (
            #""lower": 30, "upper": 120, "step": 30"#, #""lower": 30.5, "upper": 120"#,
            "expected a whole number for schedule.maintenance_interval_days"
        ),
        (
            #""light.center_nm""#, #""light.centre_nm""#,
            "unknown light parameter 'centre_nm' (did you mean 'center_nm'?)"
        ),
        (#""aggregate": "max""#, #""aggregate": "median""#, "\"median\"; expected one of min, max, mean, sum"),
        (#""pore_reduction_percent""#, #""pore_reduction""#, "unknown timeline column 'pore_reduction'"),
        (#""choices": [417, 635]"#, #""choices": [417, 417]"#, "417 is listed twice"),
        (#""choices": [417, 635]"#, #""choices": [417], "lower": 1"#, "expected either choices or lower and upper"),
        (#""maximize""#, #""maximise""#, "unknown key (did you mean 'maximize'?)"),
        (#""samples": 4"#, #""samples": 0"#, "0; expected a whole number ≥ 1"),
        (#""upper": 500"#, #""upper": 500, "lower": 600"#, "lower 600 > upper 500; expected lower ≤ upper"),
        (#""schedule.horizon_days=400""#, #""schedule.horizon_dayz=400""#, "did you mean 'horizon_days'?"),
        (
            #"{"input": "light.fluence_J_per_cm2"}"#, #""sessions_per_yr""#,
            "unknown quantity 'sessions_per_yr' (did you mean 'sessions_per_year'?)"
        ),
    ])
    func badInputNamesKeyAndExpectation(find: String, replace: String, expected: String) {
        let text = Self.valid.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.valid)
        let m = message(text)
        #expect(m.contains(expected), "\(m)")
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let m = message(Self.valid.replacingOccurrences(of: "\"protocol\":", with: "\"protocol\" "))
        #expect(m.contains("line 2, column"), "\(m)")
    }

    @Test func quantitiesFromTheCommandLine() throws {
        #expect(try Quantity.parse("sessions_per_year", location: "--pareto") == .named("sessions_per_year"))
        #expect(
            try Quantity.parse("session:dose_epidermis_uM:max", location: "--pareto")
                == .session(column: "dose_epidermis_uM", aggregate: .max))
        #expect(
            try Quantity.parse("timeline:pore_reduction_percent:min:365:729", location: "--pareto")
                == .timeline(column: "pore_reduction_percent", aggregate: .min, fromDay: 365, toDay: 729))
        #expect(throws: ModelError.self) {
            try Quantity.parse("timeline:pore_reduction_percent:sum:1:2", location: "--pareto")
        }
    }

    @Test func objectivesFromTheCommandLine() throws {
        #expect(
            try OptimizationObjective.parse("maximize:sessions_per_year", location: "--pareto")
                == OptimizationObjective(sense: .maximize, quantity: .named("sessions_per_year")))
        #expect(
            try OptimizationObjective.parse("minimize:session:dose_epidermis_uM:max", location: "--pareto")
                == OptimizationObjective(
                    sense: .minimize, quantity: .session(column: "dose_epidermis_uM", aggregate: .max)))
        #expect(
            try OptimizationObjective.parse("sessions_per_year", location: "--pareto").sense == .minimize,
            "a bare quantity is minimised")
        let error = #expect(throws: ModelError.self) {
            try OptimizationObjective.parse("maximise:sessions_per_year", location: "--pareto")
        }
        #expect(error?.location == "--pareto")
    }

    /// A one-session protocol over 30 days: quantities read from a real run.
    @Test func quantitiesOfARun() throws {
        let evaluator = ProtocolEvaluator(
            library: Fixture.library, data: Fixture.data,
            base: try Fixture.library.loadProtocol("allumera-blue"), jobs: 2)
        let batch = try [
            ["schedule.initial_sessions=1", "schedule.horizon_days=30", "readouts.evaluation_day=20"],
            ["schedule.initial_sessions=1", "schedule.horizon_days=30", "readouts.evaluation_day=20"],
            ["schedule.initial_sessions=1", "schedule.horizon_days=0"],
        ].map { point in try point.map { try Override(assignment: $0) } }
        let results = evaluator.evaluate(batch)
        #expect(evaluator.modelEvaluations == 2)
        guard case .success(let point) = results[0], case .failure = results[2] else {
            Issue.record("expected a run and a failure")
            return
        }
        #expect(Quantity.named("sessions_per_year").value(point) == 365.0 / 30)
        #expect(
            Quantity.named("reduction_on_day_20_percent").value(point) == point.result.timeline[20].poreReductionPercent
        )
        #expect(Quantity.named("reduction_on_day_31_percent").value(point).isNaN)
        #expect(abs(Quantity.named("total_light_on_minutes").value(point) - 1000.0 / 60) < 1e-9)
        #expect(
            Quantity.session(column: "dose_epidermis_uM", aggregate: .max).value(point)
                == point.result.sessions[0].result.doseEpidermisUM)
        #expect(Quantity.input("light.irradiance_mW_per_cm2").value(point) == 10)
        let window = point.result.timeline[5...9].map(\.poreReductionPercent)
        #expect(
            Quantity.timeline(column: "pore_reduction_percent", aggregate: .mean, fromDay: 5, toDay: 9).value(point)
                == window.reduce(0, +) / 5)
        _ = evaluator.evaluate([batch[0]])
        #expect(evaluator.modelEvaluations == 2)
    }
}
