import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTStudies

/// The replay of response keys upstream of the sessions (τ_S and the kill curve): each session
/// tabulated in S and interpolated, against full runs of the same protocols.
@Suite struct CalibrationReplayTests {
    static let upstream = """
        "response.kill_max": {"start": 0.8, "lower": 0.3, "upper": 0.95},
        "response.kill_hill": {"start": 2, "lower": 0.5, "upper": 4},
        "response.kill_d50_uM": {"start": 9, "lower": 1, "upper": 100, "scale": "log"},
        "response.tau_sebaceous_days": {"start": 180, "lower": 20, "upper": 400, "scale": "log"}
        """

    /// Two three-session arms (blue and red light) over 200 days, estimating the four upstream keys.
    static func model(replay: String) throws -> CalibrationModel {
        let rows = [30, 90, 150, 200].flatMap { day in
            ["blue", "red"].map { "\($0),\(day),pore_reduction_percent,0,2,1\n" }
        }.joined()
        let directory = try CalibrationTests.folder(
            estimate: upstream, rows: rows, extra: #", "fit": {"replay": "\#(replay)"}"#,
            arms:
                #"{"blue": {"protocol": "allumera-blue", "set": {"schedule.initial_sessions": 3}}, "red": {"protocol": "allumera-red", "set": {"schedule.initial_sessions": 3}}}"#
        )
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        return try CalibrationModel(file: file, library: Fixture.library)
    }

    static let interpolated: CalibrationModel = {
        do { return try model(replay: "interpolated") } catch { fatalError("\(error)") }
    }()

    /// Parameter points across the bounds: the start, strong and weak kill curves, fast and slow
    /// sebaceous recovery.
    static let points: [[Double]] = [
        [0.8, 2, 9, 180], [0.95, 4, 1.5, 400], [0.3, 0.5, 90, 20], [0.9, 1, 3, 30], [0.5, 3, 20, 300],
        [0.95, 0.6, 1, 60],
    ]

    /// The largest difference of the interpolated timeline from full runs, relative to the largest
    /// pore reduction of the run, over every arm, point and day: ≤ 1e-4 (the brief's bound).
    @Test func interpolatedReplayMatchesFullRuns() throws {
        let model = Self.interpolated
        #expect(model.replay == .interpolated)
        var worst = 0.0
        var worstActivity = 0.0
        for theta in Self.points {
            let replayed = try model.runs(theta)
            for (a, arm) in model.file.arms.enumerated() {
                let full = try ProtocolSimulator(
                    treatment: CalibrationModel.definition(
                        arm.definition, study: arm.study, parameters: model.file.parameters, values: theta,
                        library: Fixture.library
                    ).resolve(), data: Fixture.data
                ).run()
                let scale = full.timeline.map { abs($0.poreReductionPercent) }.max()!
                for (r, f) in zip(replayed[a][0].timeline, full.timeline) {
                    worst = max(worst, abs(r.poreReductionPercent - f.poreReductionPercent) / scale)
                    worstActivity = max(worstActivity, abs(r.state.sebaceousActivity - f.state.sebaceousActivity))
                }
                #expect(replayed[a][0].sessions.count == full.sessions.count)
            }
        }
        print("interpolated replay: largest timeline error \(worst) of the pore reduction, \(worstActivity) in S")
        #expect(worst <= 1e-4)
    }

    /// The error against the number of nodes, for the blue arm at the strongest kill curve and the
    /// fastest recovery of `points` (where S moves most between sessions): it falls as nodes are
    /// added, and the default count meets the bound.
    @Test func errorFallsWithTheNodes() throws {
        let model = Self.interpolated
        let arm = model.file.arms[0]
        var errors: [Int: Double] = [:]
        for theta in [Self.points[1], Self.points[3]] {
            let treatment = try CalibrationModel.definition(
                arm.definition, study: arm.study, parameters: model.file.parameters, values: theta,
                library: Fixture.library
            ).resolve()
            let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
            let full = try simulator.run()
            let scale = full.timeline.map { abs($0.poreReductionPercent) }.max()!
            for count in [5, SessionTable.defaultNodes, 9] {
                let lowest = SessionTable.lowestActivity(sessions: 3, killMax: 0.95)
                let table = try SessionTable(simulator: simulator, lowest: lowest, count: count)
                let replayed = try ResponseReplay.run(table: table, treatment: treatment, response: treatment.response)
                let error = zip(replayed.timeline, full.timeline).map {
                    abs($0.poreReductionPercent - $1.poreReductionPercent) / scale
                }.max()!
                errors[count] = max(errors[count] ?? 0, error)
            }
        }
        print("interpolated replay error by nodes: \(errors.sorted { $0.key < $1.key })")
        #expect(errors[5]! > errors[SessionTable.defaultNodes]!)
        #expect(errors[SessionTable.defaultNodes]! <= 1e-4)
    }

    /// `replay: exact` runs every protocol in full, and is the default only where nothing else is
    /// possible; downstream keys alone replay the stored sessions bit for bit in either mode.
    @Test func exactReplayRunsInFull() throws {
        let exact = try Self.model(replay: "exact")
        #expect(exact.replay == .full && !exact.replaysResponse)
        #expect(CalibrationFitSettings().replay == .interpolated)
    }

    /// Every response key is classified in one place: a key a new response model adds must be given
    /// its reach in `ResponseReplay.reach` (or it makes every fit run in full, which this test shows
    /// by failing).
    @Test func everyResponseKeyHasAReach() {
        let keys = Section.response.specs.map(\.key)
        #expect(Set(keys) == Set(ResponseReplay.reach.keys))
        #expect(ResponseReplay.downstreamKeys.contains("tau_pore_days"))
        #expect(ResponseReplay.reach["kill_d50_uM"] == .sebaceousPath)
    }

    /// Every number a session reports is interpolated (or is S itself): a readout a new session
    /// model adds must join `SessionTable.interpolated`, or this test fails.
    @Test func everySessionNumberIsInterpolated() throws {
        let treatment = try Fixture.library.loadProtocol("allumera-blue").resolve()
        let result = try ProtocolSimulator(treatment: treatment, data: Fixture.data).sessionModel.run(
            sebaceousActivity: 1)
        let numbers = Mirror(reflecting: result).children.filter { $0.value is Double }.compactMap(\.label)
        #expect(numbers.count == SessionTable.interpolated.count + 1, "\(numbers)")
        #expect(numbers.contains("sebaceousActivityBefore"))
    }

    /// The table is exact at its nodes and at S = 1, and its nodes span [S_lo, 1].
    @Test func sessionTableIsExactAtItsNodes() throws {
        let treatment = try Fixture.library.loadProtocol("allumera-blue").resolve()
        let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
        let table = try SessionTable(simulator: simulator, lowest: 0.2, count: 5)
        #expect(table.nodes.first == 0.2 && table.nodes.last == 1 && table.nodes.count == 5)
        #expect(try table.result(at: 1) == simulator.sessionModel.run(sebaceousActivity: 1))
        #expect(try table.result(at: table.nodes[2]).doseSebaceousUM == table.results[2].doseSebaceousUM)
        let between = try table.result(at: 0.5)
        #expect(between.sebaceousActivityBefore == 0.5)
        #expect(abs(SessionTable.lowestActivity(sessions: 3, killMax: 0.8) - 0.04) < 1e-15)
        #expect(SessionTable.lowestActivity(sessions: 1, killMax: 0.8) == 1)
    }
}
