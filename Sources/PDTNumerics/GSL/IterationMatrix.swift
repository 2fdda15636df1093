import CGSL

/// The iteration matrix of pdtsim's implicit steppers, G = d · I − J, with the Jacobian it is built
/// from and its LU factorisation: banded (`BandedLU`, LAPACK's dgbtf2 and dgbtrs on GSL's banded
/// layout) when the system declares a `ODESystem.Bandwidth`, else GSL's dense LU.
///
/// A Rosenbrock step factorises G = 1/(h γ₁) · I − J; a BDF step's Newton matrix I − γ J is γ G with
/// d = 1/γ. J is kept as evaluated, so that G can be factorised again for another d without a new
/// evaluation (the W-method and the BDF stepper reuse J across steps). Buffers are raw allocations
/// made once (or when the band changes): a factorisation or a solve allocates, zeroes and looks up
/// nothing.
final class IterationMatrix {
    let dimension: Int
    /// Storage of G for the current band (nil: dense), allocated on first use and when it changes.
    private(set) var band: ODESystem.Bandwidth?
    private(set) var matrix: UnsafeMutablePointer<gsl_matrix>?
    /// J as evaluated, in the layout of `matrix`.
    private(set) var jacobian: UnsafeMutablePointer<Double>?
    /// ∂f/∂t as evaluated with J.
    let timeDerivative: UnsafeMutablePointer<Double>
    /// Whether the last Jacobian evaluation gave ∂f/∂t = 0 (an autonomous system).
    private(set) var autonomous = false
    private var bandPivots: UnsafeMutablePointer<gsl_vector_uint>?
    private var densePermutation: UnsafeMutablePointer<gsl_permutation>?

    init(dimension: Int) {
        self.dimension = dimension
        timeDerivative = .allocate(capacity: dimension)
    }

    deinit {
        timeDerivative.deallocate()
        release()
    }

    private func release() {
        if let matrix { gsl_matrix_free(matrix) }
        if let bandPivots { gsl_vector_uint_free(bandPivots) }
        if let densePermutation { gsl_permutation_free(densePermutation) }
        jacobian?.deallocate()
        matrix = nil
        jacobian = nil
        bandPivots = nil
        densePermutation = nil
    }

    /// Makes the storage fit `band` (n × storageWidth) or a dense n × n matrix. Returns true when it
    /// was (re)allocated, so that a J and a factorisation held for the old storage are gone.
    @discardableResult
    func prepare(band: ODESystem.Bandwidth?) -> Bool {
        if matrix != nil && band == self.band { return false }
        release()
        self.band = band
        let columns = band?.storageWidth ?? dimension
        matrix = gsl_matrix_alloc(dimension, columns)
        assert(matrix.map { $0.pointee.tda == columns } ?? true, "G's row stride is its width, as J's")
        // Zeroed once: a banded Jacobian evaluation zeroes and writes only the band, never the
        // fill-in columns (`ODECallbacks.evaluateJacobian`).
        jacobian = .allocate(capacity: dimension * columns)
        jacobian?.initialize(repeating: 0, count: dimension * columns)
        if band != nil {
            bandPivots = gsl_vector_uint_alloc(dimension)
        } else {
            densePermutation = gsl_permutation_alloc(dimension)
        }
        return true
    }

    /// Builds G = diagonal · I − J in `matrix` from the stored Jacobian and factorises it with partial
    /// pivoting: `BandedLU.factorise` on GSL's banded layout, or GSL's dense `gsl_linalg_LU_decomp`.
    /// Returns false when G is singular (a pivot exactly zero).
    func factorise(diagonal: Double) -> Bool {
        guard let matrix, let jacobian else { return false }
        let data = matrix.pointee.data!
        let tda = matrix.pointee.tda
        let n = dimension
        guard let band, let bandPivots else {
            guard let densePermutation else { return false }
            for i in 0..<n {
                for j in 0..<n { data[i &* tda &+ j] = -jacobian[i &* n &+ j] }
                data[i &* tda &+ i] += diagonal
            }
            var sign: Int32 = 0
            guard gsl_linalg_LU_decomp(matrix, densePermutation, &sign) == GSL_SUCCESS else { return false }
            for i in 0..<n where data[i * tda + i] == 0 { return false }
            return true
        }
        // J's storage has G's layout (`prepare`), so G is one pass of negations over the whole block
        // (the fill-in columns too, which `BandedLU.factorise` clears) and one along the diagonal.
        let entries = n &* tda
        var k = 0
        while k < entries {
            data[k] = -jacobian[k]
            k &+= 1
        }
        var onDiagonal = band.lower &+ band.upper
        for _ in 0..<n {
            data[onDiagonal] += diagonal
            onDiagonal &+= tda
        }
        let info = BandedLU.factorise(
            data, rowStride: tda, dimension: n, lower: band.lower, upper: band.upper, pivots: bandPivots.pointee.data)
        return info == 0
    }

    /// Solves G x = b in place in `x`, from the factorisation of `factorise`: `BandedLU.solve`, or GSL's
    /// dense `gsl_linalg_LU_svx`.
    func solve(_ x: UnsafeMutablePointer<Double>) -> Bool {
        guard let matrix else { return false }
        guard let band, let bandPivots else {
            guard let densePermutation else { return false }
            var vector = gsl_vector(size: dimension, stride: 1, data: x, block: nil, owner: 0)
            return gsl_linalg_LU_svx(matrix, densePermutation, &vector) == GSL_SUCCESS
        }
        BandedLU.solve(
            matrix.pointee.data, rowStride: matrix.pointee.tda, dimension: dimension, lower: band.lower,
            upper: band.upper, pivots: bandPivots.pointee.data, x: x)
        return true
    }

    /// Evaluates J and ∂f/∂t at (t, y) into `jacobian` and `timeDerivative` (the callback checks
    /// their finiteness: an infinite entry of J could make G's solves finite and hide it).
    func evaluateJacobian(t: Double, y: UnsafePointer<Double>, callbacks: ODECallbacks) -> Int32 {
        guard let jacobian else { return GSLStatus.fault.code }
        let status = callbacks.evaluateJacobian(t: t, y: y, into: jacobian, dfdt: timeDerivative, band: band)
        guard status == GSLStatus.success.code else { return status }
        autonomous = true
        for k in 0..<dimension where timeDerivative[k] != 0 {
            autonomous = false
            break
        }
        return status
    }
}
