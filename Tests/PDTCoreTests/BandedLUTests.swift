import Foundation
import Testing

@testable import PDTCore

/// The banded factorisation and solve against GSL's dense LU, on random banded matrices that need
/// row interchanges.
@Suite struct BandedLUTests {
    @Test(arguments: [(1, 1), (2, 2), (4, 4), (3, 1), (0, 2), (2, 0)])
    func bandedSolveMatchesDense(lower: Int, upper: Int) {
        let n = 30
        var generator = SeededGenerator(seed: UInt64(17 + 31 * lower + upper))
        let band = ODESystem.Bandwidth(lower: lower, upper: upper)
        // J with small diagonal and large off-diagonal entries, so that pivoting is needed.
        var dense = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in max(0, i - lower)...min(n - 1, i + upper) {
                dense[i * n + j] =
                    i == j
                    ? Double.random(in: -0.1...0.1, using: &generator)
                    : Double.random(in: -5...5, using: &generator)
            }
        }
        let b = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        func solve(_ band: ODESystem.Bandwidth?) -> [Double] {
            let work = RosenbrockWorkspace(tableau: .rodas4, dimension: n)
            work.prepare(band: band)
            let storage = work.jacobian!
            let tda = work.matrix!.pointee.tda
            storage.update(repeating: 0, count: n * tda)
            for i in 0..<n {
                for j in 0..<n where dense[i * n + j] != 0 {
                    if let band {
                        storage[j * tda + band.lower + band.upper + i - j] = dense[i * n + j]
                    } else {
                        storage[i * tda + j] = dense[i * n + j]
                    }
                }
            }
            #expect(work.factorise(diagonal: 0.3))
            var x = b
            #expect(x.withUnsafeMutableBufferPointer { work.solve($0.baseAddress!) })
            return x
        }
        let banded = solve(band)
        let reference = solve(nil)
        // Triangular bands are badly conditioned with these entries, so errors are measured against
        // the solution's size (backward stability: the residual is at rounding level of ‖G‖ ‖x‖).
        let size = reference.map(abs).max()!
        for (x, y) in zip(banded, reference) { #expect(abs(x - y) <= 1e-9 * size) }
        for i in 0..<n {
            var residual = 0.3 * banded[i] - b[i]
            for j in 0..<n { residual -= dense[i * n + j] * banded[j] }
            #expect(abs(residual) <= 1e-12 * 5 * Double(n) * size)
        }
    }

    /// A random n × n band matrix (lower l, upper u) in GSL's banded LU storage, entries uniform in
    /// [−5, 5] with small diagonals so that row interchanges happen, and the fill-in columns holding
    /// garbage (both factorisations must clear them).
    static func randomBand(
        n: Int, lower: Int, upper: Int, using generator: inout SeededGenerator
    ) -> [Double] {
        let width = 2 * lower + upper + 1
        var storage = [Double](repeating: 0, count: n * width)
        for j in 0..<n {
            for k in 0..<lower { storage[j * width + k] = Double.random(in: -9...9, using: &generator) }
            for i in max(0, j - upper)...min(n - 1, j + lower) {
                storage[j * width + lower + upper + i - j] =
                    i == j
                    ? Double.random(in: -0.1...0.1, using: &generator)
                    : Double.random(in: -5...5, using: &generator)
            }
        }
        return storage
    }

    /// pdtsim's factorisation of `storage`: (INFO, factors, pivots).
    static func pdtsimFactorise(_ storage: [Double], n: Int, lower: Int, upper: Int) -> (Int, [Double], [UInt32]) {
        var factors = storage
        var pivots = [UInt32](repeating: 0, count: n)
        let info = factors.withUnsafeMutableBufferPointer { data in
            pivots.withUnsafeMutableBufferPointer { pivotData in
                BandedLU.factorise(
                    data.baseAddress!, rowStride: 2 * lower + upper + 1, dimension: n, lower: lower, upper: upper,
                    pivots: pivotData.baseAddress!)
            }
        }
        return (info, factors, pivots)
    }

    @Test(
        "factors, pivots and solutions agree with GSL's gsl_linalg_LU_band_decomp and _solve",
        arguments: [(1, 1), (2, 2), (4, 4), (3, 1), (0, 2), (2, 0), (1, 5)])
    func matchesGSL(lower: Int, upper: Int) {
        var generator = SeededGenerator(seed: UInt64(1009 + 37 * lower + upper))
        for n in [1, 2, 7, 40] where n > max(lower, upper) {
            let storage = Self.randomBand(n: n, lower: lower, upper: upper, using: &generator)
            let b = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
            var gslFactors = storage
            let gsl = GSLBandedLU.factorise(&gslFactors, dimension: n, lower: lower, upper: upper)
            #expect(gsl.status == .success)
            let (info, factors, pivots) = Self.pdtsimFactorise(storage, n: n, lower: lower, upper: upper)
            #expect(info == 0)
            #expect(pivots == gsl.pivots, "n \(n): the same row interchanges")
            let scale = storage.map(abs).max()!
            for (mine, theirs) in zip(factors, gslFactors) {
                #expect(abs(mine - theirs) <= 1e-10 * max(scale, abs(theirs)), "n \(n): factor \(mine) vs \(theirs)")
            }
            var x = b
            x.withUnsafeMutableBufferPointer { xData in
                factors.withUnsafeBufferPointer { data in
                    pivots.withUnsafeBufferPointer { pivotData in
                        BandedLU.solve(
                            data.baseAddress!, rowStride: 2 * lower + upper + 1, dimension: n, lower: lower,
                            upper: upper, pivots: pivotData.baseAddress!, x: xData.baseAddress!)
                    }
                }
            }
            let reference = GSLBandedLU.solve(
                gslFactors, pivots: gsl.pivots, dimension: n, lower: lower, upper: upper, b: b)
            #expect(reference.status == .success)
            let size = reference.x.map(abs).max()!
            for (mine, theirs) in zip(x, reference.x) {
                #expect(abs(mine - theirs) <= 1e-9 * size, "n \(n): x \(mine) vs GSL \(theirs)")
            }
        }
    }

    /// A band matrix whose columns 3 and 6 (0-based) are zero: elimination never changes a zero
    /// column, so U[3, 3] is the first exactly-zero pivot. pdtsim reports it as LAPACK's dgbtf2 does
    /// (INFO = 4, 1-based) and keeps its factors finite; GSL's band LU returns GSL_SUCCESS and divides
    /// by it, leaving infinite and NaN factors. That silence is why pdtsim has its own.
    @Test("a singular band matrix: pdtsim reports the first zero pivot (dgbtf2's INFO), GSL returns NaN factors")
    func singular() {
        let (n, lower, upper) = (9, 2, 1)
        var generator = SeededGenerator(seed: 4242)
        var storage = Self.randomBand(n: n, lower: lower, upper: upper, using: &generator)
        let width = 2 * lower + upper + 1
        for column in [3, 6] {
            for k in lower..<width { storage[column * width + k] = 0 }
        }
        let (info, factors, _) = Self.pdtsimFactorise(storage, n: n, lower: lower, upper: upper)
        #expect(info == 4, "the first zero pivot is U[3, 3], INFO 4 (1-based)")
        #expect(factors.allSatisfy { $0.isFinite })

        var gslFactors = storage
        let gsl = GSLBandedLU.factorise(&gslFactors, dimension: n, lower: lower, upper: upper)
        #expect(gsl.status == .success, "GSL does not report the singular matrix")
        #expect(gslFactors.contains { $0.isNaN }, "GSL divides by the zero pivot")
    }

    /// The Rosenbrock stepper refuses a singular iteration matrix: the step fails (GSL_FAILURE, so
    /// GSL's evolve halves the step) instead of going on with non-finite stages.
    @Test("the stepper's banded factorisation fails on a singular G")
    func stepperRefusesSingular() {
        let n = 5
        let band = ODESystem.Bandwidth(lower: 1, upper: 1)
        let work = RosenbrockWorkspace(tableau: .rodas3, dimension: n)
        work.prepare(band: band)
        let storage = work.jacobian!
        let tda = work.matrix!.pointee.tda
        storage.update(repeating: 0, count: n * tda)
        // J = 2 I (the diagonal of J sits at column lower + upper = 2), so G = 2 I − J = 0.
        for j in 0..<n { storage[j * tda + 2] = 2 }
        #expect(!work.factorise(diagonal: 2))
    }
}
