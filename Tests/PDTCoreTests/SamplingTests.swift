import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

@Suite("Sampling designs")
struct SamplingTests {
    @Test("same seed, same design; another seed, another design", arguments: SamplingMethod.allCases)
    func reproducible(method: SamplingMethod) {
        let a = UnitDesign(method: method, seed: 42, count: 64, dimensions: 5)
        let b = UnitDesign(method: method, seed: 42, count: 64, dimensions: 5)
        let c = UnitDesign(method: method, seed: 43, count: 64, dimensions: 5)
        #expect(a == b)
        #expect(a.values != c.values)
        #expect(a.values.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("Latin hypercube: every column hits each of the N strata once")
    func latinStrata() {
        let n = 50
        let design = UnitDesign(method: .latinHypercube, seed: 7, count: n, dimensions: 4)
        for column in 0..<4 {
            let strata = Set((0..<n).map { Int(design.values[$0 * 4 + column] * Double(n)) })
            #expect(strata.count == n)
        }
    }

    @Test("Sobol: a digitally shifted net keeps its stratification")
    func sobolNet() {
        // The first 2^m points of a Sobol sequence put one point in each of the 2^m elementary
        // intervals [k/2^m, (k+1)/2^m) of every single coordinate; an XOR shift permutes them.
        let n = 256
        for seed: UInt64 in [1, 2] {
            let design = UnitDesign(method: .sobol, seed: seed, count: n, dimensions: 6)
            for column in 0..<6 {
                #expect(Set((0..<n).map { Int(design.values[$0 * 6 + column] * Double(n)) }).count == n)
            }
        }
        // Unshifted, GSL's sequence with the origin first: 0, ½, ¾/¼, ¼/¾, …
        let raw = QuasiRandomSequence(dimensions: 2, randomisation: .none).points(0..<4)
        #expect(raw == [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75])
    }

    @Test("row i depends only on (seed, N, i)")
    func rowIndependence() {
        let whole = UnitDesign(method: .random, seed: 9, count: 100, dimensions: 3)
        let again = UnitDesign(method: .random, seed: 9, count: 100, dimensions: 3)
        #expect(whole.row(37) == again.row(37))
        #expect(Array(whole.row(99)).count == 3)
    }

    @Test("Iman–Conover reaches the target Spearman correlation")
    func imanConover() throws {
        let target: [Double] = [1, 0.6, -0.3, 0.6, 1, 0, -0.3, 0, 1]
        #expect(RankCorrelation.problem(of: target, dimensions: 3) == nil)
        let design = UnitDesign(method: .latinHypercube, seed: 3, count: 2000, dimensions: 3)
        let correlated = RankCorrelation.induce(target, on: design, seed: 3)
        let achieved = RankCorrelation.spearman(correlated.values, rows: 2000, columns: 3)
        for index in 0..<9 { #expect(abs(achieved[index] - target[index]) < 0.03) }
        // Each column keeps its values, so the marginals (the Latin strata) are untouched.
        for column in 0..<3 {
            let before = (0..<2000).map { design.values[$0 * 3 + column] }.sorted()
            let after = (0..<2000).map { correlated.values[$0 * 3 + column] }.sorted()
            #expect(before == after)
        }
        #expect(RankCorrelation.problem(of: [1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1], dimensions: 3) != nil)
        #expect(RankCorrelation.problem(of: [1, 1, 1, 1], dimensions: 2)?.contains("> -1 and < 1") == true)
    }
}
