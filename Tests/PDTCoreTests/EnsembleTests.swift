import Foundation
import Synchronization
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// The ensemble engine: bounded reordering, one resolution per point, outcomes with the full
/// result, and byte-identical rows for any number of jobs.
@Suite struct EnsembleTests {
    /// A cheap sweep: one session, 160 days.
    static func plan(_ vary: String) throws -> SweepPlan {
        var base = try Fixture.library.loadProtocol("allumera-blue")
        try base.apply(["schedule.initial_sessions=1", "schedule.horizon_days=160"], library: Fixture.library)
        let design = try SweepDesign(axes: [try SweepAxis(argument: vary)], zip: false)
        return SweepPlan(
            library: Fixture.library, data: Fixture.data, base: base, protocolArgument: "allumera-blue",
            overrides: [], design: design)
    }

    @Test("a slow first item never lets the reorder buffer exceed its window; a larger window lets it grow")
    func boundedBuffer() {
        func peak(window: Int) -> (Int, [Int]) {
            var delivered: [Int] = []
            let peak = OrderedParallel.run(
                items: Array(0..<64), jobs: 4, window: window,
                work: { item -> Int in
                    usleep(item == 0 ? 300_000 : 1000)
                    return item
                },
                deliver: { item, value in
                    delivered.append(value)
                    return item == value
                })
            return (peak, delivered)
        }
        let (bounded, order) = peak(window: 6)
        #expect(bounded <= 6)
        #expect(order == Array(0..<64))
        let (unbounded, _) = peak(window: 64)
        #expect(unbounded > 6, "without the bound the finished items pile up behind the slow one")
    }

    @Test("a sweep resolves each point once: the pre-pass checks every point and builds no simulator")
    func resolveOnce() throws {
        let plan = try Self.plan("light.center_nm=405,505,630")
        try withTemporaryFolder { folder in
            let runner = SweepRunner(plan: plan, settings: EnsembleRunSettings(output: "\(folder)/sweep.csv", jobs: 2))
            let summary = try runner.run { _ in }
            #expect(summary.points == 3 && summary.failures.isEmpty)
        }
        #expect(plan.ensemble.counters.checks.load(ordering: .relaxed) == 3)
        #expect(plan.ensemble.counters.resolutions.load(ordering: .relaxed) == 3)
    }

    @Test("a point's outcome carries the full result: time line, sessions, report files")
    func fullOutcome() throws {
        let plan = try Self.plan("light.center_nm=405")
        var sink = CollectingSink()
        let report = try plan.ensemble.run(indices: [0], jobs: 1, detail: true, into: &sink)
        #expect(report.delivered == 1 && report.failures.isEmpty)
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == "ok")
        #expect(outcome.overrides == [try EnsembleOverride(path: "light.center_nm", text: "405", flag: "--vary")])
        let files = try #require(outcome.report).files
        #expect(files.map(\.name).contains("timeline.csv"))
        #expect(outcome.success?.timeline.count == 161)
        #expect(outcome.success?.sessions.first?.result.profile != nil, "detail of the first session")
    }

    @Test("rows reach the sink in index order with the same bytes for 1 and 3 jobs; failures are per point")
    func jobsInvariance() throws {
        var base = try Fixture.library.loadProtocol("allumera-blue")
        try base.apply(["schedule.initial_sessions=1", "schedule.horizon_days=160"], library: Fixture.library)
        let design = try SweepDesign(
            axes: [
                try SweepAxis(argument: "solver.max_steps=5,1000000"),
                try SweepAxis(argument: "light.center_nm=405,630"),
            ],
            zip: false)
        let plan = SweepPlan(
            library: Fixture.library, data: Fixture.data, base: base, protocolArgument: "allumera-blue",
            overrides: [], design: design)
        struct Lines: EnsembleSink {
            let plan: SweepPlan
            var lines: [String] = []
            var record: @Sendable (EnsembleOutcome) -> String { { [plan] in plan.row($0).line } }
            mutating func accept(_ record: String, index: Int) { lines.append(record) }
        }
        var serial = Lines(plan: plan)
        var parallel = Lines(plan: plan)
        let one = try plan.ensemble.run(indices: Array(0..<4), jobs: 1, into: &serial)
        let three = try plan.ensemble.run(indices: Array(0..<4), jobs: 3, into: &parallel)
        #expect(serial.lines == parallel.lines)
        #expect(serial.lines.map { $0.prefix(2) } == ["0,", "1,", "2,", "3,"])
        #expect(one.failures.map(\.index) == [0, 1] && three.failures == one.failures)
        #expect(one.failures.allSatisfy { $0.status == "too_many_steps" })
    }

    @Test("a list design runs its points as given; an invalid point is reported at its overrides")
    func listDesign() throws {
        var base = try Fixture.library.loadProtocol("allumera-blue")
        try base.apply(["schedule.initial_sessions=1", "schedule.horizon_days=160"], library: Fixture.library)
        func point(_ wavelength: Double) -> [EnsembleOverride] {
            [EnsembleOverride(Override(section: .light, key: "center_nm", number: wavelength), flag: "optimiser")]
        }
        let ensemble = Ensemble(
            library: Fixture.library, data: Fixture.data, base: base,
            design: ListDesign(points: [point(630), point(405), point(630)]))
        var sink = CollectingSink()
        try ensemble.run(indices: [0, 1, 2], jobs: 2, into: &sink)
        let doses = sink.outcomes.map { $0.success?.sessions.first?.result.doseSebaceousUM ?? .nan }
        #expect(doses[0] == doses[2] && doses[1] > doses[0], "the same point gives the same bytes")
        let invalid = Ensemble(
            library: Fixture.library, data: Fixture.data, base: base, design: ListDesign(points: [point(5000)]))
        let error = #expect(throws: ModelError.self) { try invalid.check(jobs: 1) }
        #expect(error?.location == "optimiser light.center_nm=5000")
        #expect(error?.problem.hasPrefix("'5000' is not valid; expected a number in nm between") == true)
        let unread = #expect(throws: ModelError.self) {
            try EnsembleOverride(path: "light.center_nm", text: "x", flag: "--vary")
        }
        #expect(unread?.location == "--vary light.center_nm=x")
        #expect(unread?.problem.hasPrefix("'x' is not a number; expected a number in nm") == true)
    }

    @Test(
        "a point that fails a cross-key check stops a sweep naming its flag once, or fails alone with invalid_protocol")
    func invalidPointPolicies() throws {
        var base = try Fixture.library.loadProtocol("allumera-blue")
        try base.apply(
            ["schedule.session_days=0,1", "session.aftercare_h=12", "schedule.horizon_days=160", "grid.cells=30"],
            library: Fixture.library)
        func point(_ aftercare: String) throws -> [EnsembleOverride] {
            try ["light.center_nm=417", "session.aftercare_h=\(aftercare)"].map {
                EnsembleOverride(try Override(assignment: $0), flag: "--cohort c subject 1")
            }
        }
        var ensemble = Ensemble(
            library: Fixture.library, data: Fixture.data, base: base,
            design: ListDesign(points: [try point("6"), try point("40")]))
        let error = #expect(throws: ModelError.self) { try ensemble.check(jobs: 1) }
        #expect(
            error?.location == "--cohort c subject 1 light.center_nm=417, session.aftercare_h=40",
            "the subject is named once, its values after it")
        #expect(error?.problem.hasPrefix("point 1 is not a valid protocol: ") == true)
        #expect(error?.problem.contains("are closer than a session lasts") == true)

        ensemble.invalidPoints = .failPoint
        try ensemble.check(jobs: 1)
        var sink = CollectingSink()
        let report = try ensemble.run(indices: [0, 1], jobs: 2, into: &sink)
        #expect(sink.outcomes[0].success != nil)
        let failure = try #require(sink.outcomes[1].failure)
        #expect(failure.status == "invalid_protocol")
        #expect(failure.message.hasPrefix("not a valid protocol: "))
        #expect(failure.message.contains("are closer than a session lasts"))
        #expect(report.failures == [failure])
    }

    @Test("a sink that throws stops the run and the error comes back")
    func sinkStops() throws {
        let plan = try Self.plan("light.center_nm=405,505,630")
        struct Refusing: EnsembleSink {
            var accepted = 0
            var record: @Sendable (EnsembleOutcome) -> Int { { $0.index } }
            mutating func accept(_ record: Int, index: Int) throws {
                guard accepted == 0 else { throw OutputError(path: "x", reason: "full") }
                accepted += 1
            }
        }
        var sink = Refusing()
        #expect(throws: OutputError(path: "x", reason: "full")) {
            try plan.ensemble.run(indices: [0, 1, 2], jobs: 2, into: &sink)
        }
        #expect(sink.accepted == 1)
    }

    func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.path)
    }
}

/// The checks before an output file is written, and the lock between processes.
@Suite struct OutputTargetTests {
    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.path)
    }

    @Test("a folder run that stops before writing removes the DIR.partial it made, and nothing else")
    func noEmptyPartialFolder() throws {
        try withFolder { folder in
            var base = try Fixture.library.loadProtocol("allumera-blue")
            try base.apply(["schedule.initial_sessions=1", "schedule.horizon_days=160"], library: Fixture.library)
            let ensemble = Ensemble(
                library: Fixture.library, data: Fixture.data, base: base,
                design: ListDesign(points: [[try EnsembleOverride(path: "light.center_nm", text: "5000", flag: "test")]]
                ))
            let output = "\(folder)/out"
            let file = EnsembleCSVFile(
                output: "\(output).partial/design.csv", headerLine: "index,status\n",
                sidecar: .object([("kind", .string("pdtsim test"))]), statusColumn: 1, resume: false, force: false)
            let error = #expect(throws: ModelError.self) {
                try CohortRunner.runFolder(
                    settings: EnsembleRunSettings(output: output, jobs: 1), command: "sensitivity", file: file,
                    ensemble: ensemble, line: { _ in "" }, progress: { _ in }, layout: .sensitivity, wholeSidecar: .null
                )
            }
            #expect(error?.location == "test light.center_nm=5000")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no out.partial, no lock")
        }
    }

    @Test("new paths and files pdtsim wrote pass; a foreign file needs --force; non-regular files never pass")
    func checks() throws {
        try withFolder { folder in
            let path = "\(folder)/a.csv"
            try OutputTarget.checkFile(path, force: false)
            try "x\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: OutputError.self) { try OutputTarget.checkFile(path, force: false) }
            try OutputTarget.checkFile(path, force: true)
            try "{\"kind\": \"pdtsim sweep\"}\n".write(toFile: path + ".json", atomically: true, encoding: .utf8)
            try OutputTarget.checkFile(path, force: false)
            let error = #expect(throws: OutputError.self) {
                try OutputTarget.checkFile(path, force: true, inputs: [path])
            }
            #expect(error?.reason.contains("it is the input") == true)
            #expect(mkfifo("\(folder)/f.csv", 0o644) == 0)
            let fifo = #expect(throws: OutputError.self) { try OutputTarget.checkFile("\(folder)/f.csv", force: true) }
            #expect(fifo?.reason.hasPrefix("it is a named pipe (fifo), not a regular file") == true)
            #expect(throws: OutputError.self) { try OutputTarget.checkFile(folder, force: true) }
            #expect(throws: OutputError.self) { try OutputTarget.checkFile("", force: true) }
        }
    }

    @Test("a held lock refuses a second holder with its command and pid; released, it can be taken again")
    func lock() throws {
        try withFolder { folder in
            let output = "\(folder)/s.csv"
            let first = try OutputLock(output: output, command: "cohort")
            let error = #expect(throws: OutputError.self) { try OutputLock(output: output, command: "sweep") }
            #expect(error?.reason == "another pdtsim cohort is writing it (pid \(getpid())); wait for it to end")
            first.release()
            #expect(!FileManager.default.fileExists(atPath: OutputLock.path(of: output)))
            for stale in ["12345\n", "12345 calibrate\n", ""] {
                try stale.write(toFile: OutputLock.path(of: output), atomically: true, encoding: .utf8)
                let second = try OutputLock(output: output, command: "sweep")
                #expect(try String(contentsOfFile: second.path, encoding: .utf8) == "\(getpid()) sweep\n")
                second.release()
            }
            for foreign in ["my notes\n", "12 34 56\n"] {
                try foreign.write(toFile: OutputLock.path(of: output), atomically: true, encoding: .utf8)
                let refused = #expect(throws: OutputError.self) { try OutputLock(output: output, command: "sweep") }
                #expect(
                    refused?.reason.hasSuffix(
                        "s.csv.lock exists and is not a pdtsim lock file; move it away, or choose another --out")
                        == true)
                #expect(try String(contentsOfFile: OutputLock.path(of: output), encoding: .utf8) == foreign)
            }
        }
    }
}
