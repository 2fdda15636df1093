import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

extension Benchmark {
    /// The protocol figures and the wavelength sweep (the default studies).
    func protocolAndSweep(library: ModelLibrary, data: ReferenceData, definition: ProtocolDefinition) throws {
        let treatment = try definition.resolve()
        let simulator = try ProtocolSimulator(treatment: treatment, data: data)
        let solver = treatment.solver
        print(
            "protocol \(definition.name): \(treatment.schedule.days.count) sessions, \(treatment.schedule.horizonDays) days; "
                + "stepper \(solver.stepper.rawValue), rtol \(formatNumber(solver.relativeTolerance)), "
                + "atol \(formatNumber(solver.absoluteToleranceUM)) µM")

        // With CVODE, the two are timed alternately, so that a change of the machine's load falls on both.
        var loaded = loadCVODE()
        if case .success(let library) = loaded {
            do { _ = try simulator.using(.cvode(library)).run() } catch { loaded = .failure(.failed("\(error)")) }
        }
        let cvode = try? loaded?.get()
        var runs = [{ try simulator.run() }]
        if let cvode { runs.append({ try simulator.using(.cvode(cvode)).run() }) }
        let timed = try Self.timedRuns(repeats, runs)
        let (result, times) = timed[0]
        let sessions = max(1, result.sessions.count)
        print("  " + Self.timeLine(times, sessions: sessions))
        Self.printWork(result, sessions: sessions)
        if instructions {
            print("  " + Self.instructionLine(options: options, sessions: sessions))
        }
        var tight = treatment
        tight.solver.stepper = .msbdf
        tight.solver.relativeTolerance = 1e-9
        tight.solver.absoluteToleranceUM = 1e-12
        let reference = try ProtocolSimulator(treatment: tight, data: data).run()
        print(Self.deviationLine(result, reference))
        if let cvode {
            cvodeFigures(cvode, timed[1], pdtsimMedian: times[times.count / 2], reference: reference)
        } else if case .failure(let error) = loaded {
            print(Self.cvodeMissingLine(error))
        }

        guard studies.contains(.sweep) else { return }
        let design = try SweepDesign(axes: [SweepAxis(argument: vary)], zip: false)
        let clock = ContinuousClock()
        let plan = SweepPlan(
            library: library, data: data, base: definition, protocolArgument: options.protocol,
            overrides: options.overrides, design: design)
        print("sweep --vary \(vary): \(design.pointCount) points")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pdtsim-benchmark-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var serial: Double?
        for count in jobs {
            let output = folder.appendingPathComponent("sweep-\(count).csv").path
            let runner = SweepRunner(plan: plan, settings: EnsembleRunSettings(output: output, jobs: count))
            let start = clock.now
            _ = try runner.run(progress: { _ in })
            let elapsed = start.duration(to: clock.now).inSeconds
            if count == 1 { serial = elapsed }
            var line = String(
                format: "  %d job%@: %.2f s (%.1f points/s)", count, count == 1 ? "" : "s", elapsed,
                Double(design.pointCount) / elapsed)
            if let serial, count > 1 {
                line += String(format: ", parallel efficiency %.0f %%", 100 * serial / (Double(count) * elapsed))
            }
            print(line)
        }
    }

    /// One warm-up run of each of `runs`, then `repeats` rounds in which each runs once, in turn:
    /// for each, its last result and its times in seconds, sorted.
    static func timedRuns(
        _ repeats: Int, _ runs: [() throws -> ProtocolResult]
    ) throws -> [(ProtocolResult, [Double])] {
        let clock = ContinuousClock()
        var results = try runs.map { try $0() }
        var times = [[Double]](repeating: [], count: runs.count)
        for _ in 0..<repeats {
            for (i, run) in runs.enumerated() {
                let start = clock.now
                results[i] = try run()
                times[i].append(start.duration(to: clock.now).inSeconds)
            }
        }
        return zip(results, times).map { ($0, $1.sorted()) }
    }

    /// "one protocol: median … ms over N runs (min …, max … ms); … ms per session" for sorted `times`.
    static func timeLine(_ times: [Double], sessions: Int) -> String {
        let median = times[times.count / 2]
        return String(
            format: "one protocol: median %.1f ms over %d runs (min %.1f, max %.1f ms); %.2f ms per session",
            median * 1000, times.count, times[0] * 1000, times[times.count - 1] * 1000,
            median * 1000 / Double(sessions))
    }

    /// The per-session work table: a row per phase and one for the whole session.
    static func printWork(_ result: ProtocolResult, sessions: Int) {
        print("  solver work per session (mean over the \(sessions) sessions), per phase:")
        print("    phase          accepted  rejected  RHS evals  Jacobians  LU factorisations  LU solves")
        var total = ODEStatistics()
        for phase in SessionPhase.allCases {
            guard let s = result.sessionStatistics[phase] else { continue }
            total = total + s
            print("    " + phase.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + workRow(s, sessions))
        }
        print("    " + "session".padding(toLength: 13, withPad: " ", startingAt: 0) + workRow(total, sessions))
    }

    /// The readouts' largest relative deviation from the msbdf reference, as printed.
    static func deviationLine(_ result: ProtocolResult, _ reference: ProtocolResult) -> String {
        String(
            format: "  dose and PpIX readouts vs msbdf rtol 1e-9 atol 1e-12: largest relative deviation %.2e",
            largestDeviation(result, reference))
    }

    /// One row of the per-session work table: each counter of `s` divided by `sessions`.
    static func workRow(_ s: ODEStatistics, _ sessions: Int) -> String {
        let values = [
            s.acceptedSteps, s.rejectedSteps, s.rhsEvaluations, s.jacobianEvaluations, s.factorisations, s.linearSolves,
        ].map { Double($0) / Double(sessions) }
        return String(
            format: "%9.1f %9.1f %10.1f %10.1f %18.1f %10.1f", values[0], values[1], values[2], values[3], values[4],
            values[5])
    }
}
