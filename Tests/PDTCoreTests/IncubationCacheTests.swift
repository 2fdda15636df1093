import Foundation
import Testing

@testable import PDTCore

/// The incubation cache gives exactly the results of an uncached run.
@Suite struct IncubationCacheTests {
    @Test func cachedRunsEqualUncachedRuns() throws {
        let base = try Fixture.treatment(
            "allumera-blue", ["schedule.initial_sessions=2", "schedule.horizon_days=40", "readouts.evaluation_day=40"])
        var red = base
        red.light.shape = .gaussian(centerNM: 630, fwhmNM: 20)
        let cache = IncubationCache()
        for treatment in [base, red] {
            let simulator = try ProtocolSimulator(treatment: treatment, data: Fixture.data)
            let plain = try simulator.run(detailFirstSession: true)
            let first = try simulator.run(detailFirstSession: true, cache: cache)
            let second = try simulator.run(detailFirstSession: true, cache: cache)
            #expect(first == plain)
            #expect(second == plain)
        }
        // Session 1 starts from S = 1 for both lights; session 2 from different activities.
        #expect(cache.count == 3)
    }

    @Test func theOldestEntryIsDropped() throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let cache = IncubationCache(capacity: 2)
        for activity in [1.0, 0.9, 0.8] { _ = try model.run(sebaceousActivity: activity, cache: cache) }
        #expect(cache.count == 2)
    }
}
