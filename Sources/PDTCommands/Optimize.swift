import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim optimize`: the best protocol under a user's constraints.
struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the best protocol under constraints, from an optimisation file (kind \"optimization\").",
        discussion: """
            Reads FILE (format_version 1, kind "optimization"; see Models/optimizations/): a base \
            protocol and fixed overrides, decision variables with bounds (whole numbers with a step, or \
            a choices list), one objective to minimise or maximise, and constraints. Continuous \
            variables are searched with GSL's Nelder–Mead simplex (nmsimplex2) from Sobol starts, \
            bounds through x = lo + (hi − lo)(1 + sin u)/2 and constraints through an exact penalty; \
            the point reported is the best by Deb's rules among all points tried, so it meets every \
            constraint. Discrete variables are enumerated or pattern-searched. Writes into DIR, \
            replacing earlier output atomically:
              optimum.json           chosen values, objective, constraints (value, slack, active), cost
              optimum-protocol.json  the optimal protocol: pdtsim simulate --protocol DIR/optimum-protocol.json
              evaluations.csv        every point tried, feasible or not
              pareto.csv             with --pareto: the ε-constraint front
            The status in optimum.json is "optimal" only when proven: a discrete problem whose \
            combinations fit method.max_evaluations (or method.enumeration_limit) is solved by evaluating \
            every combination; any other answer is "best found". If no point meets every constraint, \
            only evaluations.csv is written and the exit code is 7, naming the smallest set of \
            constraints no point tried meets together.
            """)

    @Argument(help: ArgumentHelp("The optimisation file (.json).", valueName: "FILE"), completion: .file())
    var file: String

    @OptionGroup var library: LibraryOptions

    @OptionGroup var jobs: JobsOption

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also trace the trade-off with a second quantity by the ε-constraint method: minimize:QUANTITY or maximize:QUANTITY (a bare QUANTITY is minimised).",
            valueName: "OBJECTIVE2"))
    var pareto: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Points of the Pareto front (with --pareto).", valueName: "K"))
    var points = 5

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Afterwards, run a brute-force grid (N values per continuous variable, every discrete value) and check that no feasible grid point beats the optimum by more than 1 % (exit 8 if one does; heavy: release builds).",
            valueName: "N"))
    var checkGrid: Int?

    @OptionGroup var output: OutputFolderOption

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        if let checkGrid, checkGrid < 2 {
            throw InvalidArgument("--check-grid", "\(checkGrid)", expected: "a whole number ≥ 2")
        }
        if points < 2 { throw InvalidArgument("--points", "\(points)", expected: "a whole number ≥ 2") }
    }

    /// `--pareto`: `minimize:Q`, `maximize:Q` or `Q`.
    func secondObjective() throws -> OptimizationObjective? {
        try pareto.map { try OptimizationObjective.parse($0, location: "--pareto") }
    }

    func run() throws {
        let library = try self.library.load()
        let problem = try OptimizationFile.load(file, library: library)
        let second = try secondObjective()
        if let second { try problem.checkWithinHorizon(second.quantity, at: "--pareto") }
        let folder = try OutputFolder(output.out, command: "optimize")
        let jobs = self.jobs.count
        let display = LockedProgress(label: "optimize", quiet: quiet, unit: "evaluations")
        let budget = problem.method.maxEvaluations
        let evaluator = ProtocolEvaluator(
            library: library, data: try library.referenceData(), base: problem.base, jobs: jobs,
            progress: { done in display.update(done: done, total: max(budget, done)) },
            tableProgress: LockedProgress.skinTable(quiet: quiet))
        let optimizer = ProtocolOptimizer(problem: problem, evaluator: evaluator)
        let start = Date()
        let result = optimizer.run(jobs: jobs)
        let report = OptimizationReport(result: result, evaluator: evaluator)
        guard result.isFeasible else {
            display.finish()
            try folder.publish([("evaluations.csv", report.evaluationsCSV.text)])
            throw ProtocolOptimizer.infeasibility(result)
        }
        var files: [(name: String, contents: String)] = [
            ("optimum.json", report.optimumJSON.text() + "\n"),
            ("optimum-protocol.json", try report.optimumProtocol().json.text() + "\n"),
            ("evaluations.csv", report.evaluationsCSV.text),
        ]
        var front: ParetoFront?
        if let second {
            let f = ParetoFront.run(optimizer: optimizer, second: second, points: points, jobs: jobs)
            files.append(("pareto.csv", f.csv(problem: problem).text))
            front = f
        }
        display.finish()
        try folder.publish(files)
        if !quiet {
            print(Self.summary(report, front: front, seconds: Date().timeIntervalSince(start), directory: output.out))
        }
        if let checkGrid {
            let check = OptimizationCheck.run(result, evaluator: evaluator, valuesPerContinuous: checkGrid)
            display.finish()
            guard check.passed else {
                throw OptimizationCheckFailed(
                    check: check, valuesPerContinuous: checkGrid,
                    gridAssignments: problem.assignments(check.bestGridValues ?? []))
            }
            print(check.summary)
        }
    }

    static func summary(_ report: OptimizationReport, front: ParetoFront?, seconds: Double, directory: String) -> String
    {
        let r = report.result
        let p = r.problem
        var lines = [
            "\(p.name): \(p.objective.sense.rawValue) \(p.objective.quantity.label) = \(String(format: "%.4g", r.optimum.objective)) (\(r.search.status.rawValue): \(r.search.statusReason))",
            "  at " + p.assignments(r.optimum.values).joined(separator: ", "),
        ]
        for (i, c) in p.constraints.enumerated() {
            let value = r.optimum.constraintValues[i]
            let slack = c.bound.slack(value)
            let active = slack <= OptimizationReport.activeFraction * c.bound.scale ? " (active)" : ""
            lines.append(
                "  \(c.phrase): \(String(format: "%.4g", value)), slack \(String(format: "%.3g", slack))\(active)")
        }
        lines.append(
            "  \(r.evaluations.count) points (\(r.search.strategy), \(r.search.localSearches.count) local searches), \(r.modelEvaluations) protocol runs in \(String(format: "%.1f", seconds)) s"
        )
        var written = "optimum.json, optimum-protocol.json, evaluations.csv"
        if front != nil { written += ", pareto.csv" }
        lines.append("wrote \(directory)/: \(written)")
        return lines.joined(separator: "\n")
    }
}
