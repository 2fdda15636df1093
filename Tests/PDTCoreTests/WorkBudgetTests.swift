import Foundation
import Testing

@testable import PDTCore
@testable import PDTStudies

/// The work bound of one simulation: a protocol that needs more solver work stops with
/// `WorkLimitExceeded` naming where, and one that fits gives exactly the unbounded result.
@Suite struct WorkBudgetTests {
    static let treatment = Result {
        try Fixture.treatment(
            "allumera-blue", ["schedule.initial_sessions=3", "schedule.horizon_days=70", "readouts.evaluation_day=70"])
    }

    /// Cell-steps of the reference sessions, counted from the statistics of an unbounded run.
    static func spent(_ result: ProtocolResult, cells: Int) -> Int {
        result.sessionStatistics.values.reduce(0) { $0 + ($1.acceptedSteps + $1.rejectedSteps) * cells }
    }

    @Test func aProtocolWithinTheBoundIsUnchanged() throws {
        let treatment = try Self.treatment.get()
        let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
        let free = try simulator.run(workBound: .max)
        let needed = Self.spent(free, cells: treatment.grid.count)
        #expect(try simulator.run(workBound: needed) == free)
        #expect(needed < WorkBudget.defaultCellSteps / 100, "the reference protocol is far from the bound")
    }

    @Test func aProtocolOverTheBoundStopsInTheSessionWhereItRunsOut() throws {
        let treatment = try Self.treatment.get()
        let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
        let free = try simulator.run(workBound: .max)
        let perSession = Self.spent(free, cells: treatment.grid.count) / 3
        do {
            _ = try simulator.run(workBound: perSession * 3 / 2)
            Issue.record("expected WorkLimitExceeded")
        } catch let error as WorkLimitExceeded {
            #expect(error.session == 2 && error.sessions == 3)
            #expect(error.cellSteps == perSession * 3 / 2)
            #expect(error.description.contains("of session 2 of 3"))
            #expect(error.description.contains("grid.cells"))
        }
        // A bound smaller than one incubation's work stops in the first phase.
        #expect(throws: WorkLimitExceeded.self) { try simulator.run(workBound: 10) }
    }

    @Test func theBoundDoesNotDependOnTheIncubationCache() throws {
        let treatment = try Self.treatment.get()
        let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
        let free = try simulator.run(workBound: .max)
        let bound = Self.spent(free, cells: treatment.grid.count) - 1
        let cache = IncubationCache()
        _ = try? simulator.run(cache: cache, workBound: .max)
        for cached in [nil, cache] {
            #expect(throws: WorkLimitExceeded.self) { try simulator.run(cache: cached, workBound: bound) }
        }
    }

    @Test func anEnsemblePointOverTheBoundGetsItsOwnStatus() {
        let outcome = EnsembleOutcome(
            index: 4, overrides: [], definition: nil,
            result: .failure(WorkLimitExceeded(cellSteps: 10, session: 1, sessions: 1, phase: .illumination)))
        #expect(outcome.status == "work_limit")
    }
}
