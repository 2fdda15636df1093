import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

@Suite("Distributions")
struct DistributionTests {
    /// Every shipped distribution, with parameters chosen to exercise both branches of the
    /// piecewise formulas (triangular below/above the mode, truncated normal in either tail).
    static let cases: [Distribution] = [
        .normal(mean: 2, sd: 0.5),
        .lognormal(median: 0.003, geometricSD: 1.8),
        .uniform(low: -1, high: 3),
        .loguniform(low: 1e-4, high: 1e-1),
        .triangular(low: 0, mode: 0.2, high: 1),
        .truncatedNormal(mean: 0.00686, sd: 0.0023, low: 0.004, high: 0.012),
        .truncatedNormal(mean: 0, sd: 1, low: 6, high: 8),
    ]

    @Test("quantile inverts the CDF", arguments: cases)
    func quantileInvertsCDF(distribution: Distribution) {
        #expect(distribution.problem == nil)
        for u in [1e-9, 0.001, 0.025, 0.2, 0.5, 0.7, 0.975, 0.999, 1 - 1e-9] {
            let x = distribution.quantile(u)
            #expect(distribution.support.contains(x))
            #expect(abs(distribution.cdf(x) - u) < 1e-7)
        }
    }

    @Test("published quantiles")
    func publishedQuantiles() {
        // Φ⁻¹(0.975) = 1.959963984540054 (Abramowitz & Stegun Table 26.5).
        #expect(abs(Distribution.normal(mean: 0, sd: 1).quantile(0.975) - 1.959963984540054) < 1e-12)
        // The lognormal's median is its median; one gsd above it at Φ(1) = 0.8413447460685429.
        let lognormal = Distribution.lognormal(median: 2, geometricSD: 3)
        #expect(abs(lognormal.quantile(0.5) - 2) < 1e-12)
        #expect(abs(lognormal.quantile(0.8413447460685429) - 6) < 1e-9)
        // Triangular(0, 0.2, 1): F(0.2) = 0.2; the median is 1 − √0.4 = 0.3675444679663241.
        let triangle = Distribution.triangular(low: 0, mode: 0.2, high: 1)
        #expect(abs(triangle.quantile(0.2) - 0.2) < 1e-12)
        #expect(abs(triangle.quantile(0.5) - 0.3675444679663241) < 1e-12)
        // Truncated N(0, 1) on [0, ∞)-like [0, 40]: the half-normal, median Φ⁻¹(0.75) = 0.6744897501960817.
        #expect(
            abs(Distribution.truncatedNormal(mean: 0, sd: 1, low: 0, high: 40).quantile(0.5) - 0.6744897501960817)
                < 1e-12)
        // Far upper tail [6, 8]: median ≈ 6 + 1/6·ln 2 (exponential tail, rate ≈ 6.16); stays inside.
        let tail = Distribution.truncatedNormal(mean: 0, sd: 1, low: 6, high: 8).quantile(0.5)
        #expect(tail > 6.1 && tail < 6.12)
        // Loguniform(1e-4, 1e-1): the median is the geometric mean 10^-2.5.
        #expect(abs(Distribution.loguniform(low: 1e-4, high: 1e-1).quantile(0.5) - pow(10, -2.5)) < 1e-15)
    }

    @Test("sample means match the distributions' means")
    func sampleMeans() {
        let design = UnitDesign(method: .latinHypercube, seed: 5, count: 20000, dimensions: 1)
        func mean(_ d: Distribution) -> Double { design.values.map(d.quantile).reduce(0, +) / 20000 }
        #expect(abs(mean(.triangular(low: 0, mode: 0.2, high: 1)) - 0.4) < 1e-3)
        #expect(abs(mean(.lognormal(median: 1, geometricSD: M_E)) - exp(0.5)) < 5e-3)
        // Truncated N(0,1) on [−1, 2]: mean (φ(−1) − φ(2))/(Φ(2) − Φ(−1)) = 0.2294...
        let phi = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        let expected = (phi(-1) - phi(2)) / (ProbabilityFunctions.normalP(2) - ProbabilityFunctions.normalP(-1))
        #expect(abs(mean(.truncatedNormal(mean: 0, sd: 1, low: -1, high: 2)) - expected) < 1e-3)
    }

    @Test("invalid parameters are refused with the reason")
    func invalidParameters() {
        #expect(Distribution.normal(mean: 1, sd: 0).problem?.contains("expected sd > 0") == true)
        #expect(Distribution.lognormal(median: -1, geometricSD: 2).problem?.contains("median > 0") == true)
        #expect(Distribution.lognormal(median: 1, geometricSD: 1).problem?.contains("geometric_sd > 1") == true)
        #expect(Distribution.uniform(low: 2, high: 1).problem?.contains("low < high") == true)
        #expect(Distribution.loguniform(low: 0, high: 1).problem?.contains("0 < low") == true)
        #expect(Distribution.triangular(low: 0, mode: 2, high: 1).problem?.contains("low ≤ mode ≤ high") == true)
        #expect(
            Distribution.truncatedNormal(mean: 0, sd: 1, low: 50, high: 60).problem?.contains("no probability") == true)
        #expect(Distribution.normal(mean: .nan, sd: 1).problem != nil)
        #expect(Distribution(name: "gamma", values: [1, 2]) == nil)
        #expect(Distribution(name: "normal", values: [1]) == nil)
    }

    @Test("choice by cumulative weights")
    func weightedChoice() throws {
        let choice = try #require(WeightedChoice(weights: [1, 0, 3]))
        #expect(choice.cumulative == [0.25, 0.25, 1])
        #expect(choice.index(0.1) == 0)
        #expect(choice.index(0.25) == 2)
        #expect(choice.index(0.999) == 2)
        #expect(WeightedChoice(weights: [0, 0]) == nil)
        #expect(WeightedChoice.problem(of: [1, -1])?.contains("weights ≥ 0") == true)
        #expect(WeightedChoice.problem(of: [])?.contains("at least one") == true)
    }
}
