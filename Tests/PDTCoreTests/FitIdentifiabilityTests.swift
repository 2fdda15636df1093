import Foundation
import Testing

@testable import PDTCore

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
        let t = (0..<10).map(Double.init)
        let random = FitRandom(seed: 3)
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
        let t = (1...8).map(Double.init)
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
        let t = (1...6).map(Double.init)
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

    /// Starts are reported, the same whatever the number of threads.
    @Test func multistartIsDeterministic() throws {
        let t = (0..<12).map(Double.init)
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
