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

    /// Why sessions of one protocol do not share an incubation (Models/MODEL.md §10.4): S_act scales
    /// the synthesis in the sebaceous band, whose Michaelis-Menten uptake draws on the prodrug that
    /// diffuses through every cell, so the incubated state differs in every cell, the epidermis
    /// included, not only where S_act acts. A cache keyed without S_act would return wrong states.
    @Test func theIncubationDependsOnTheActivityInEveryCell() throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let cache = IncubationCache()
        func state(_ activity: Double) throws -> [Double] {
            _ = try model.run(sebaceousActivity: activity, cache: cache)
            let key = IncubationCache.Key(
                grid: model.grid, skin: model.skin, kinetics: model.kinetics, cream: model.cream,
                incubationSeconds: model.settings.incubationSeconds, solver: model.solver,
                sebaceousActivity: activity)
            return try #require(cache.entry(key, needsTrace: false)).state
        }
        let full = try state(1)
        let reduced = try state(0.5)
        let layout = SessionEquations.Layout(withOxygen: false, creamOn: true, lightOn: false)
        for (name, component) in [("prodrug", 0), ("PpIX", 1)] {
            for cell in [0, model.grid.count - 1] {
                let i = layout.index(cell: cell, component)
                let change = abs(reduced[i] / full[i] - 1)
                #expect(change > 1e-6, "\(name) in cell \(cell) changes by \(change) when S_act halves")
            }
        }
        #expect(cache.count == 2)
    }

    @Test func theOldestEntryIsDropped() throws {
        let model = try Fixture.treatment().sessionModel(data: Fixture.data)
        let cache = IncubationCache(capacity: 2)
        for activity in [1.0, 0.9, 0.8] { _ = try model.run(sebaceousActivity: activity, cache: cache) }
        #expect(cache.count == 2)
    }
}
