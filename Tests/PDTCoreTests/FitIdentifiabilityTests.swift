import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// Statistics, profiles and identifiability of the calibration's fit on small closed-form models.
@Suite struct FitIdentifiabilityTests {
    static func parameter(
        _ name: String, _ start: Double, _ lower: Double, _ upper: Double, log: Bool = false
    )
        -> EstimatedParameter
    {
        EstimatedParameter(
            name: name, target: .scale(name), start: start, lower: lower, upper: upper, scale: log ? .log : .linear,
            unit: nil)
    }

    static func objective(
        _ parameters: [EstimatedParameter], t: [Double], y: [Double], sd: Double?,
        model: @escaping @Sendable ([Double], Double) -> Double
    ) -> FitObjective {
        FitObjective(
            parameters: parameters, data: y, standardErrors: y.map { _ in sd }, groups: y.map { _ in 0 },
            groupNames: ["y"]
        ) { theta in t.map { model(theta, $0) } }
    }

    static let settings = CalibrationFitSettings()

    /// A straight line with σ estimated: the Wald interval is the textbook OLS one, b̂ ± t₀.₉₇₅,ₙ₋₂ s/√Sxx.
    @Test func straightLineWaldIntervalIsTheOLSInterval() throws {
        let t = (0..<10).map { Double($0) }
        let random = RandomGenerator(seed: 3)
        let y = t.map { 2 + 0.5 * $0 + random.gaussian(0.3) }
        let objective = Self.objective(
            [Self.parameter("a", 1, -10, 10), Self.parameter("b", 1, -10, 10)], t: t, y: y, sd: nil
        ) { p, x in p[0] + p[1] * x }
        let outcome = try Calibration.fit(
            objective, settings: Self.settings, relativeStep: 1e-6, jobs: 1, profiles: true)
        let mt = t.reduce(0, +) / 10
        let my = y.reduce(0, +) / 10
        let sxx = t.reduce(0) { $0 + ($1 - mt) * ($1 - mt) }
        let b = zip(t, y).reduce(0) { $0 + ($1.0 - mt) * ($1.1 - my) } / sxx
        let a = my - b * mt
        let rss = zip(t, y).reduce(0) { $0 + pow($1.1 - a - b * $1.0, 2) }
        let se = (rss / 8 / sxx).squareRoot()
        let q = FitLinearAlgebra.tQuantile(0.975, dof: 8)
        let s = outcome.statistics
        #expect(abs(outcome.best.theta[1] - b) < 1e-6)
        #expect(abs(s.standardErrors[1]! - se) < 1e-5 * se)
        #expect(abs(s.waldHigh[1]! - (b + q * se)) < 1e-5)
        #expect(abs(q - 2.306004) < 1e-6)
        #expect(s.refusal == nil && s.dof == 8 && s.sigmaEstimated)
        #expect(outcome.profiles.allSatisfy { $0.identifiability == .identifiable })
        // For a linear model the profile interval with σ profiled out is b̂ ± se·√(n(e^{3.84/n} − 1)·(n−2)/n)…
        // close to Wald; check it brackets the estimate and is within 25 % of the Wald width.
        let profile = outcome.profiles[1]
        let waldWidth = s.waldHigh[1]! - s.waldLow[1]!
        #expect(profile.low! < b && profile.high! > b)
        #expect(abs((profile.high! - profile.low!) - waldWidth) < 0.25 * waldWidth)
    }

    /// y = a·b·t: only the product is determined. Intervals are refused naming both; a's profile is
    /// flat over its whole range, since b can compensate everywhere in its bounds.
    @Test func productOfTwoParametersIsStructurallyNonIdentifiable() throws {
        let t = (1...8).map { Double($0) }
        let y = t.map { 6 * $0 + 0.1 * sin($0) }
        let objective = Self.objective(
            [Self.parameter("a", 2, 0.5, 20, log: true), Self.parameter("b", 2, 0.1, 100, log: true)], t: t, y: y,
            sd: 0.1
        ) { p, x in p[0] * p[1] * x }
        let outcome = try Calibration.fit(
            objective, settings: Self.settings, relativeStep: 1e-6, jobs: 2, profiles: true)
        let s = outcome.statistics
        #expect(s.refusal?.contains("rank-deficient") == true)
        #expect(Set(s.nonIdentifiable) == ["a", "b"])
        #expect(s.waldLow.allSatisfy { $0 == nil } && s.covariance == nil)
        let a = outcome.profiles[0]
        #expect(a.identifiability == .structurallyNonIdentifiable)
        #expect(a.low == nil && a.high == nil)
        #expect(a.tradesOffWith.first?.0 == "b")
        #expect(a.tradesOffWith.first.map { $0.1 < -0.99 } == true)
    }

    /// Three parameters against one data point: no degrees of freedom, no intervals.
    @Test func threeParametersAgainstOnePointAreRefused() throws {
        let objective = Self.objective(
            [Self.parameter("a", 1, 0, 5), Self.parameter("b", 1, 0, 5), Self.parameter("c", 1, 0, 5)], t: [1],
            y: [4], sd: 0.2
        ) { p, x in p[0] + p[1] * x + p[2] * x * x }
        let outcome = try Calibration.fit(
            objective, settings: Self.settings, relativeStep: 1e-6, jobs: 1, profiles: true)
        #expect(outcome.statistics.refusal?.contains("degrees of freedom") == true)
        #expect(outcome.statistics.standardErrors.allSatisfy { $0 == nil })
        #expect(outcome.profiles.allSatisfy { $0.identifiability != .identifiable })
    }

    /// Saturation y = V t/(K + t) seen only where t ≪ K: small K is excluded, large K is not.
    @Test func michaelisMentenBelowSaturationIsPracticallyNonIdentifiable() throws {
        let t = (1...6).map { Double($0) }
        let y = t.map { 100 * $0 / (100 + $0) }
        let objective = Self.objective(
            [Self.parameter("V", 50, 1, 1e5, log: true), Self.parameter("K", 50, 1, 1e4, log: true)], t: t, y: y,
            sd: 0.3
        ) { p, x in p[0] * x / (p[1] + x) }
        let outcome = try Calibration.fit(
            objective, settings: Self.settings, relativeStep: 1e-6, jobs: 1, profiles: true)
        let k = outcome.profiles[1]
        #expect(k.identifiability == .practicallyNonIdentifiable)
        #expect(k.low != nil && k.high == nil)
        #expect(k.tradesOffWith.first?.0 == "V")
    }

    /// y = e^(−a t) + e^(−b t) is the same curve with a and b swapped: two optima, equally low.
    static func twoExponentials(sd: Double) -> FitObjective {
        let t = (1...10).map { Double($0) }
        let y = t.map { exp(-0.3 * $0) + exp(-0.5 * $0) }
        return Self.objective(
            [Self.parameter("a", 0.25, 0.05, 2, log: true), Self.parameter("b", 0.6, 0.05, 2, log: true)], t: t, y: y,
            sd: sd
        ) { p, x in exp(-p[0] * x) + exp(-p[1] * x) }
    }

    /// Starts that end on both sides of the symmetry: both optima are reported, and a and b are
    /// each other's trade-off partner (r = −1 over the optima), never a single optimum.
    @Test func startsEndingAtSwappedOptimaAreBothReported() throws {
        var settings = Self.settings
        settings.starts = 6
        let outcome = try Calibration.fit(
            Self.twoExponentials(sd: 0.001), settings: settings, relativeStep: 1e-6, jobs: 2, profiles: false)
        let optima = outcome.optima
        #expect(optima.optima.count == 2)
        #expect(optima.differing == [0, 1])
        let values = optima.optima.map { $0.theta.map { ($0 * 1000).rounded() / 1000 } }
        #expect(Set(values) == [[0.3, 0.5], [0.5, 0.3]])
        #expect(optima.optima.allSatisfy { abs($0.deviance - outcome.best.deviance) <= EqualOptima.tolerance(0) })
        #expect(optima.optima.flatMap(\.foundBy).count == 6)
        #expect(optima.partners[0].map(\.0) == ["b"] && optima.partners[0][0].1 == -1)
        #expect(optima.partners[1].map(\.0) == ["a"])
    }

    /// One start, so only a profile can see the other optimum: with a ridge between the two lower
    /// than the 95 % threshold, a's profile falls back into the swapped valley, the fit re-run from
    /// there ends as low, and both optima are reported.
    @Test func profileMeetingAnotherValleyReportsIt() throws {
        var settings = Self.settings
        settings.starts = 1
        let outcome = try Calibration.fit(
            Self.twoExponentials(sd: 0.05), settings: settings, relativeStep: 1e-6, jobs: 2, profiles: true)
        #expect(abs(outcome.best.theta[0] - 0.3) < 1e-3)
        let optima = outcome.optima
        #expect(optima.optima.count == 2)
        #expect(optima.differing == [0, 1])
        #expect(abs(optima.optima[1].theta[0] - 0.5) < 1e-3 && abs(optima.optima[1].theta[1] - 0.3) < 1e-3)
        #expect(optima.optima[1].foundBy.allSatisfy { $0.hasPrefix("profile of ") })
    }

    /// A unique optimum is the only one listed, and nothing differs.
    @Test func uniqueOptimumIsAlone() throws {
        var settings = Self.settings
        settings.starts = 4
        let t = (0..<10).map { Double($0) }
        let objective = Self.objective(
            [Self.parameter("a", 1, -10, 10), Self.parameter("b", 1, -10, 10)], t: t, y: t.map { 2 + 0.5 * $0 }, sd: 0.1
        ) { p, x in p[0] + p[1] * x }
        let outcome = try Calibration.fit(objective, settings: settings, relativeStep: 1e-6, jobs: 2, profiles: true)
        #expect(outcome.optima.optima.count == 1 && outcome.optima.differing.isEmpty)
        #expect(outcome.optima.optima[0].foundBy.sorted() == ["start 1", "start 2", "start 3", "start 4"])
        #expect(outcome.optima.optima[0].foundBy[0] == "start \(outcome.bestIndex + 1)")
    }

    /// Starts are reported, the same whatever the number of threads.
    @Test func multistartIsDeterministic() throws {
        let t = (0..<12).map { Double($0) }
        let y = t.map { 3 * exp(-0.2 * $0) + 0.5 }
        let objective = Self.objective(
            [
                Self.parameter("A", 1, 0.1, 10), Self.parameter("k", 0.5, 0.01, 2, log: true),
                Self.parameter("b", 0, -2, 2),
            ],
            t: t, y: y, sd: 0.05
        ) { p, x in p[0] * exp(-p[1] * x) + p[2] }
        var settings = Self.settings
        settings.starts = 5
        let one = try Calibration.fit(objective, settings: settings, relativeStep: 1e-6, jobs: 1, profiles: false)
        let two = try Calibration.fit(objective, settings: settings, relativeStep: 1e-6, jobs: 2, profiles: false)
        #expect(one.starts.count == 5)
        #expect(one.starts.map(\.point?.theta) == two.starts.map(\.point?.theta))
        #expect(abs(one.best.theta[1] - 0.2) < 1e-6)
    }
}
