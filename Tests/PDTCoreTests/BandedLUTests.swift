import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// The banded factorisation and solve against GSL's dense LU, on random banded matrices that need
/// row interchanges.
@Suite struct BandedLUTests {
    @Test(arguments: [(1, 1), (2, 2), (4, 4), (3, 1), (0, 2), (2, 0)])
    func bandedSolveMatchesDense(lower: Int, upper: Int) {
        let n = 30
        var generator = SplitMix64(state: UInt64(17 + 31 * lower + upper))
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
            let work = IterationMatrix(dimension: n)
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
        n: Int, lower: Int, upper: Int, using generator: inout SplitMix64
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

    /// pdtsim's solve of A x = b with the factors and pivots of `pdtsimFactorise`.
    static func pdtsimSolve(
        _ factors: [Double], pivots: [UInt32], n: Int, lower: Int, upper: Int, b: [Double]
    ) -> [Double] {
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
        return x
    }

    @Test(
        "factors, pivots and solutions agree with GSL's gsl_linalg_LU_band_decomp and _solve",
        arguments: [(1, 1), (2, 2), (4, 4), (3, 1), (0, 2), (2, 0), (1, 5)])
    func matchesGSL(lower: Int, upper: Int) {
        var generator = SplitMix64(state: UInt64(1009 + 37 * lower + upper))
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
            let x = Self.pdtsimSolve(factors, pivots: pivots, n: n, lower: lower, upper: upper, b: b)
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
        var generator = SplitMix64(state: 4242)
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
        let work = IterationMatrix(dimension: n)
        work.prepare(band: band)
        let storage = work.jacobian!
        let tda = work.matrix!.pointee.tda
        storage.update(repeating: 0, count: n * tda)
        // J = 2 I (the diagonal of J sits at column lower + upper = 2), so G = 2 I − J = 0.
        for j in 0..<n { storage[j * tda + 2] = 2 }
        #expect(!work.factorise(diagonal: 2))
    }

    /// dgbtf2 and dgbtrs as plain loops (the transcription pdtsim used before its loops were unrolled
    /// for constant bands): the reference for the bitwise test below. Returns (INFO, factors, pivots, x).
    static func plainFactoriseAndSolve(
        _ storage: [Double], n: Int, lower l: Int, upper u: Int, b: [Double]
    ) -> (Int, [Double], [UInt32], [Double]) {
        let width = 2 * l + u + 1
        let d = l + u
        var ab = storage
        var pivots = [UInt32](repeating: 0, count: n)
        for j in 0..<n {
            for k in 0..<l { ab[j * width + k] = 0 }
        }
        var info = 0
        var last = 0
        for j in 0..<n {
            let below = min(l, n - 1 - j)
            var offset = 0
            var largest = abs(ab[j * width + d])
            for p in stride(from: 1, through: below, by: 1) where abs(ab[j * width + d + p]) > largest {
                largest = abs(ab[j * width + d + p])
                offset = p
            }
            pivots[j] = UInt32(j + offset)
            guard largest != 0 else {
                if info == 0 { info = j + 1 }
                continue
            }
            last = max(last, min(j + u + offset, n - 1))
            if offset != 0 {
                for c in j...last { ab.swapAt(c * width + d + j - c, c * width + d + j - c + offset) }
            }
            let inverse = 1 / ab[j * width + d]
            for p in stride(from: 1, through: below, by: 1) { ab[j * width + d + p] *= inverse }
            if last > j {
                for c in (j + 1)...last {
                    let factor = ab[c * width + d + j - c]
                    if factor == 0 { continue }
                    for p in stride(from: 1, through: below, by: 1) {
                        ab[c * width + d + j - c + p] += -factor * ab[j * width + d + p]
                    }
                }
            }
        }
        var x = b
        if info == 0 {
            for j in 0..<max(0, n - 1) where l > 0 {
                let pivot = Int(pivots[j])
                if pivot != j { x.swapAt(j, pivot) }
                let xj = x[j]
                if xj == 0 { continue }
                for k in 0..<min(l, n - j - 1) { x[j + 1 + k] += -xj * ab[j * width + d + 1 + k] }
            }
            for j in stride(from: n - 1, through: 0, by: -1) {
                let xj = x[j] / ab[j * width + d]
                x[j] = xj
                if xj == 0 { continue }
                let first = max(0, j - d)
                for i in first..<j { x[i] += -xj * ab[j * width + d + i - j] }
            }
        }
        return (info, ab, pivots, x)
    }

    /// The unrolled loops (constant bands (2, 2) and (4, 4), run-time bandwidths otherwise) do the
    /// floating-point operations of the plain loops in the same order: factors, pivots and solutions
    /// are bitwise equal, for every n from 1 (the boundary passes alone) to past the band, with zeros
    /// in b so that the skipped updates are exercised too.
    @Test(
        "factors and solutions are bitwise those of plain dgbtf2/dgbtrs loops",
        arguments: [(2, 2), (4, 4), (1, 3), (3, 0), (0, 2)])
    func bitwiseAsPlainLoops(lower: Int, upper: Int) {
        var generator = SplitMix64(state: UInt64(77 + 13 * lower + upper))
        for n in 1...24 {
            let storage = Self.randomBand(n: n, lower: lower, upper: upper, using: &generator)
            let b = (0..<n).map { i in i % 3 == 1 ? 0 : Double.random(in: -1...1, using: &generator) }
            let (plainInfo, plainFactors, plainPivots, plainX) = Self.plainFactoriseAndSolve(
                storage, n: n, lower: lower, upper: upper, b: b)
            let (info, factors, pivots) = Self.pdtsimFactorise(storage, n: n, lower: lower, upper: upper)
            #expect(info == plainInfo && pivots == plainPivots, "n \(n)")
            #expect(factors.map(\.bitPattern) == plainFactors.map(\.bitPattern), "n \(n): factors")
            guard info == 0 else { continue }
            let x = Self.pdtsimSolve(factors, pivots: pivots, n: n, lower: lower, upper: upper, b: b)
            #expect(x.map(\.bitPattern) == plainX.map(\.bitPattern), "n \(n): solution")
        }
    }
}
