import CGSL
import Foundation

/// Linearly implicit Rosenbrock methods, supplied to GSL as their own `gsl_odeiv2_step_type`s so that
/// GSL's evolve and control objects drive them like GSL's own steppers.
///
/// One step of an s-stage method from (t, y) with step h (Hairer & Wanner, Solving ODEs II, §IV.7; in
/// the formulation of Sandu et al. 1997 used by KPP):
///
///     G = 1/(h γ₁) · I − J(t, y)
///     Yᵢ = y + Σ_{j<i} a_ij Kⱼ,     Fᵢ = f(t + αᵢ h, Yᵢ)
///     G Kᵢ = Fᵢ + Σ_{j<i} (c_ij / h) Kⱼ + h γᵢ ∂f/∂t
///     y_new = y + Σ mᵢ Kᵢ,          error estimate Σ eᵢ Kᵢ
///
/// G is factorised once per step: with banded LU (`gsl_linalg_LU_band_decomp`) when the system
/// declares a `Bandwidth`, else with dense LU. No Newton iteration: the cost per step is one
/// factorisation and s solves, which for pdtsim's session kinetics (bandwidth 4 with states
/// interleaved by cell) is linear in the number of cells.
struct RosenbrockTableau: Sendable {
    var name: String
    var stages: Int
    /// The order of y_new; the error estimate is of the embedded method, one order lower.
    var order: UInt32
    /// Strictly lower triangular a_ij and c_ij, row-wise: a[i][j] for j < i.
    var a: [[Double]]
    var c: [[Double]]
    var m: [Double]
    var e: [Double]
    var alpha: [Double]
    var gamma: [Double]
    /// Whether stage i evaluates f anew (else it reuses stage i − 1's evaluation).
    var newF: [Bool]

    /// RODAS3: 4 stages, order 3, stiffly accurate (Sandu et al. 1997, as in KPP).
    static let rodas3 = RosenbrockTableau(
        name: "rodas3", stages: 4, order: 3,
        a: [[], [0], [2, 0], [2, 0, 1]],
        c: [[], [4], [1, -1], [1, -1, -8.0 / 3.0]],
        m: [2, 0, 1, 1], e: [0, 0, 0, 1], alpha: [0, 0, 1, 1], gamma: [0.5, 1.5, 0, 0],
        newF: [true, false, true, true])

    /// RODAS4: 6 stages, order 4 with an embedded order-3 estimate, stiffly accurate and L-stable
    /// (Hairer & Wanner 1996, subroutine RODAS, as in KPP).
    static let rodas4: RosenbrockTableau = {
        let a = [
            [], [1.544], [0.946_678_528_081_582_6, 0.255_701_169_898_328_4],
            [3.314_825_187_068_521, 2.896_124_015_972_201, 0.998_641_913_997_781_7],
            [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895],
            [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895, 1],
        ]
        let c = [
            [], [-5.6688], [-2.430_093_356_833_875, -0.206_359_915_709_191_5],
            [-0.107_352_905_815_137_5, -9.594_562_251_023_355, -20.470_286_148_096_16],
            [7.496_443_313_967_647, -10.246_804_314_643_52, -33.999_903_528_199_05, 11.708_908_932_061_6],
            [
                8.083_246_795_921_522, -7.981_132_988_064_893, -31.521_594_328_743_71, 16.319_305_431_231_36,
                -6.058_818_238_834_054,
            ],
        ]
        return RosenbrockTableau(
            name: "rodas4", stages: 6, order: 4, a: a, c: c,
            m: [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895, 1, 1],
            e: [0, 0, 0, 0, 0, 1], alpha: [0, 0.386, 0.21, 0.63, 1, 1],
            gamma: [0.25, -0.1043, 0.1035, -0.036_200_000_000_000_23, 0, 0],
            newF: [true, true, true, true, true, true])
    }()
}

/// The working storage of one Rosenbrock stepper instance (GSL's `void *state`). Buffers are raw
/// allocations: this is the innermost loop of every session integration.
final class RosenbrockWorkspace {
    let tableau: RosenbrockTableau
    let dimension: Int
    /// Stage vectors Kᵢ, each of length n, back to back.
    let stages: UnsafeMutablePointer<Double>
    let stageState: UnsafeMutablePointer<Double>
    let evaluation: UnsafeMutablePointer<Double>
    let timeDerivative: UnsafeMutablePointer<Double>
    /// The right-hand side of a stage solve, then its solution.
    let solution: UnsafeMutablePointer<Double>
    /// The tableau flattened: a and c row-major s × s (zero above the diagonal).
    let a: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>
    /// Storage of G for the current band (nil: dense), allocated on first use and when it changes.
    private(set) var band: ODESystem.Bandwidth?
    private(set) var matrix: UnsafeMutablePointer<gsl_matrix>?
    private var bandPivots: UnsafeMutablePointer<gsl_vector_uint>?
    private var densePermutation: UnsafeMutablePointer<gsl_permutation>?
    /// A GSL vector over `solution`, for the dense solve.
    private var solutionVector: gsl_vector

    init(tableau: RosenbrockTableau, dimension: Int) {
        self.tableau = tableau
        self.dimension = dimension
        let s = tableau.stages
        stages = .allocate(capacity: s * dimension)
        stageState = .allocate(capacity: dimension)
        evaluation = .allocate(capacity: dimension)
        timeDerivative = .allocate(capacity: dimension)
        solution = .allocate(capacity: dimension)
        a = .allocate(capacity: s * s)
        c = .allocate(capacity: s * s)
        a.initialize(repeating: 0, count: s * s)
        c.initialize(repeating: 0, count: s * s)
        for i in 0..<s {
            for j in 0..<i {
                a[i * s + j] = tableau.a[i][j]
                c[i * s + j] = tableau.c[i][j]
            }
        }
        solutionVector = gsl_vector(size: dimension, stride: 1, data: solution, block: nil, owner: 0)
    }

    deinit {
        for buffer in [stages, stageState, evaluation, timeDerivative, solution, a, c] { buffer.deallocate() }
        releaseMatrix()
    }

    private func releaseMatrix() {
        if let matrix { gsl_matrix_free(matrix) }
        if let bandPivots { gsl_vector_uint_free(bandPivots) }
        if let densePermutation { gsl_permutation_free(densePermutation) }
        matrix = nil
        bandPivots = nil
        densePermutation = nil
    }

    /// Makes the matrix storage fit `band` (n × storageWidth) or a dense n × n matrix.
    func prepare(band: ODESystem.Bandwidth?) {
        if matrix != nil && band == self.band { return }
        releaseMatrix()
        self.band = band
        if let band {
            matrix = gsl_matrix_alloc(dimension, band.storageWidth)
            bandPivots = gsl_vector_uint_alloc(dimension)
        } else {
            matrix = gsl_matrix_alloc(dimension, dimension)
            densePermutation = gsl_permutation_alloc(dimension)
        }
    }

    /// Turns the Jacobian stored in `matrix` into G = diagonal · I − J and factorises it with partial
    /// pivoting. Returns false when G is singular.
    ///
    /// Banded: LAPACK's dgbtf2 on GSL's banded LU layout (row j of the storage holds column j of G,
    /// G[i, j] at column lower + upper + i − j; the first `lower` columns take the fill-in). The same
    /// factorisation as `gsl_linalg_LU_band_decomp`, written out because GSL's builds a BLAS view per
    /// column, which costs more than the arithmetic at pdtsim's bandwidths.
    func factorise(diagonal: Double) -> Bool {
        guard let matrix else { return false }
        let data = matrix.pointee.data!
        let tda = matrix.pointee.tda
        let n = dimension
        guard let band, let bandPivots else {
            guard let densePermutation else { return false }
            for i in 0..<n {
                for j in 0..<n { data[i * tda + j] = -data[i * tda + j] }
                data[i * tda + i] += diagonal
            }
            var sign: Int32 = 0
            guard gsl_linalg_LU_decomp(matrix, densePermutation, &sign) == GSL_SUCCESS else { return false }
            for i in 0..<n where data[i * tda + i] == 0 { return false }
            return true
        }
        let lower = band.lower
        let d = band.lower + band.upper
        let pivots = bandPivots.pointee.data!
        for j in 0..<n {
            let row = data + (j &* tda)
            for k in 0..<lower { row[k] = 0 }
            for k in lower..<tda { row[k] = -row[k] }
            row[d] += diagonal
        }
        // G[i, c] lives at data[c * tda + d + i − c].
        var lastColumn = 0
        for j in 0..<n {
            let column = data + (j &* tda &+ d)
            let below = min(lower, n &- 1 &- j)
            var pivotOffset = 0
            var largest = abs(column[0])
            for p in stride(from: 1, through: below, by: 1) where abs(column[p]) > largest {
                largest = abs(column[p])
                pivotOffset = p
            }
            pivots[j] = UInt32(j &+ pivotOffset)
            guard largest != 0 else { return false }
            lastColumn = max(lastColumn, min(j &+ band.upper &+ pivotOffset, n &- 1))
            if pivotOffset != 0 {
                for c in j...lastColumn {
                    let base = data + (c &* tda &+ d &+ j &- c)
                    (base[0], base[pivotOffset]) = (base[pivotOffset], base[0])
                }
            }
            let inverse = 1 / column[0]
            var p = 1
            while p <= below {
                column[p] *= inverse
                p &+= 1
            }
            if lastColumn > j {
                for c in (j &+ 1)...lastColumn {
                    let target = data + (c &* tda &+ d &+ j &- c)
                    let factor = target[0]
                    if factor == 0 { continue }
                    axpy(below, -factor, column + 1, target + 1)
                }
            }
        }
        return true
    }

    /// Solves G x = b in place in `solution`, from the factorisation of `factorise`.
    ///
    /// Banded: the row interchanges and unit lower factor L (at most `lower` multipliers per column,
    /// stored after the diagonal in row j of the band storage), then back substitution with the upper
    /// factor U, which has `lower + upper` superdiagonals: U[i, j] is at row j, column
    /// lower + upper + i − j (LAPACK's dgbtrs, written out because GSL's version builds a vector view
    /// per row).
    func solve() -> Bool {
        guard let matrix else { return false }
        guard let band, let bandPivots else {
            guard let densePermutation else { return false }
            return gsl_linalg_LU_svx(matrix, densePermutation, &solutionVector) == GSL_SUCCESS
        }
        let n = dimension
        let data = matrix.pointee.data!
        let tda = matrix.pointee.tda
        let pivots = bandPivots.pointee.data!
        let x = solution
        let diagonal = band.lower &+ band.upper
        if band.lower > 0 {
            for j in 0..<(n &- 1) {
                let pivot = Int(pivots[j])
                if pivot != j { (x[j], x[pivot]) = (x[pivot], x[j]) }
                let xj = x[j]
                if xj == 0 { continue }
                let count = min(band.lower, n &- j &- 1)
                let multipliers = data + (j &* tda &+ diagonal &+ 1)
                let target = x + (j &+ 1)
                axpy(count, -xj, multipliers, target)
            }
        }
        var j = n &- 1
        while j >= 0 {
            let column = data + (j &* tda)
            let xj = x[j] / column[diagonal]
            x[j] = xj
            if xj != 0 {
                let first = max(0, j &- diagonal)
                // U[i, j] for i = first ..< j sits at column diagonal + i − j of row j.
                let entries = column + (diagonal &+ first &- j)
                let target = x + first
                axpy(j &- first, -xj, entries, target)
            }
            j &-= 1
        }
        return true
    }
}

/// The GSL step types of the Rosenbrock methods, created once.
enum RosenbrockStepTypes {
    nonisolated(unsafe) static let rodas3 = makeType(
        name: "rodas3", alloc: { RosenbrockStepTypes.allocate(.rodas3, $0) })
    nonisolated(unsafe) static let rodas4 = makeType(
        name: "rodas4", alloc: { RosenbrockStepTypes.allocate(.rodas4, $0) })

    typealias Alloc = @convention(c) (Int) -> UnsafeMutableRawPointer?

    static func allocate(_ tableau: RosenbrockTableau, _ dimension: Int) -> UnsafeMutableRawPointer? {
        Unmanaged.passRetained(RosenbrockWorkspace(tableau: tableau, dimension: dimension)).toOpaque()
    }

    static func workspace(_ state: UnsafeMutableRawPointer?) -> RosenbrockWorkspace {
        Unmanaged<RosenbrockWorkspace>.fromOpaque(state!).takeUnretainedValue()
    }

    static func makeType(name: String, alloc: Alloc) -> UnsafePointer<gsl_odeiv2_step_type> {
        let type = UnsafeMutablePointer<gsl_odeiv2_step_type>.allocate(capacity: 1)
        type.initialize(
            to: gsl_odeiv2_step_type(
                name: UnsafePointer(strdup(name)), can_use_dydt_in: 1, gives_exact_dydt_out: 1, alloc: alloc,
                apply: apply, set_driver: { _, _ in GSLStatus.success.code }, reset: { _, _ in GSLStatus.success.code },
                order: { state in RosenbrockStepTypes.workspace(state).tableau.order },
                free: { state in Unmanaged<RosenbrockWorkspace>.fromOpaque(state!).release() }))
        return UnsafePointer(type)
    }

    /// `gsl_odeiv2_step_type.apply`: one step from (t, y) with step h; writes y_new into y, the error
    /// estimate into yerr and f(t + h, y_new) into dydt_out. On failure y is left unchanged.
    static let apply:
        @convention(c) (
            UnsafeMutableRawPointer?, Int, Double, Double, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafePointer<gsl_odeiv2_system>?
        ) -> Int32 = { state, dimension, t, h, y, yerr, dydtIn, dydtOut, system in
            guard let y, let yerr, let dydtOut, let system, let params = system.pointee.params else {
                return GSLStatus.fault.code
            }
            let work = RosenbrockStepTypes.workspace(state)
            let callbacks = Unmanaged<ODECallbacks>.fromOpaque(params).takeUnretainedValue()
            return work.step(
                t: t, h: h, y: y, yerr: yerr, dydtIn: dydtIn, dydtOut: dydtOut, system: system, callbacks: callbacks)
        }
}

extension RosenbrockWorkspace {
    func step(
        t: Double, h: Double, y: UnsafeMutablePointer<Double>, yerr: UnsafeMutablePointer<Double>,
        dydtIn: UnsafePointer<Double>?, dydtOut: UnsafeMutablePointer<Double>,
        system: UnsafePointer<gsl_odeiv2_system>, callbacks: ODECallbacks
    ) -> Int32 {
        let n = dimension
        let s = tableau.stages
        let function = system.pointee.function!
        let params = system.pointee.params
        let success = GSLStatus.success.code
        prepare(band: callbacks.system.bandwidth)
        let status = callbacks.evaluateJacobian(
            t: t, y: UnsafePointer(y), into: matrix!.pointee.data, dfdt: timeDerivative, band: band)
        guard status == success else { return status }
        guard factorise(diagonal: 1 / (h * tableau.gamma[0])) else { return GSLStatus.failure.code }
        for i in 0..<s {
            // Fᵢ into `evaluation`.
            if i == 0 {
                if let dydtIn {
                    evaluation.update(from: dydtIn, count: n)
                } else {
                    let status = function(t, y, evaluation, params)
                    guard status == success else { return status }
                }
            } else if tableau.newF[i] {
                stageState.update(from: y, count: n)
                for j in 0..<i {
                    let aij = a[i * s + j]
                    if aij == 0 { continue }
                    let stage = stages + j * n
                    axpy(n, aij, stage, stageState)
                }
                let status = function(t + tableau.alpha[i] * h, stageState, evaluation, params)
                guard status == success else { return status }
            }
            // G Kᵢ = Fᵢ + Σ (c_ij/h) Kⱼ + h γᵢ ∂f/∂t.
            solution.update(from: evaluation, count: n)
            let hGamma = h * tableau.gamma[i]
            if hGamma != 0 {
                axpy(n, hGamma, timeDerivative, solution)
            }
            for j in 0..<i {
                let cij = c[i * s + j] / h
                if cij == 0 { continue }
                let stage = stages + j * n
                axpy(n, cij, stage, solution)
            }
            guard solve() else { return GSLStatus.failure.code }
            (stages + i * n).update(from: solution, count: n)
        }
        stageState.update(from: y, count: n)
        yerr.update(repeating: 0, count: n)
        for i in 0..<s {
            let m = tableau.m[i]
            let e = tableau.e[i]
            let stage = stages + i * n
            if m != 0 { axpy(n, m, stage, stageState) }
            if e != 0 { axpy(n, e, stage, yerr) }
        }
        let outStatus = function(t + h, stageState, dydtOut, params)
        guard outStatus == success else { return outStatus }
        y.update(from: stageState, count: n)
        return success
    }
}

/// y[0 ..< count] += alpha · x[0 ..< count], as a plain counted loop (the innermost operation of
/// the stage sums and of the banded factorisation and solves).
@inline(__always)
private func axpy(_ count: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    var i = 0
    while i < count {
        y[i] += alpha * x[i]
        i &+= 1
    }
}
