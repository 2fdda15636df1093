import CGSL
import Foundation

/// The working storage of one Rosenbrock stepper instance (GSL's `void *state`). Buffers are raw
/// allocations: this is the innermost loop of every session integration.
final class RosenbrockWorkspace {
    let tableau: RosenbrockTableau
    let dimension: Int
    /// `tableau.newF`, computed once.
    let newF: [Bool]
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
        newF = tableau.newF
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
    /// pivoting: `BandedLU.factorise` on GSL's banded layout, or GSL's dense `gsl_linalg_LU_decomp`.
    /// Returns false when G is singular (a pivot exactly zero).
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
        for j in 0..<n {
            let row = data + (j &* tda)
            for k in band.lower..<tda { row[k] = -row[k] }
            row[band.lower &+ band.upper] += diagonal
        }
        let info = BandedLU.factorise(
            data, rowStride: tda, dimension: n, lower: band.lower, upper: band.upper, pivots: bandPivots.pointee.data)
        return info == 0
    }

    /// Solves G x = b in place in `solution`, from the factorisation of `factorise`: `BandedLU.solve`,
    /// or GSL's dense `gsl_linalg_LU_svx`.
    func solve() -> Bool {
        guard let matrix else { return false }
        guard let band, let bandPivots else {
            guard let densePermutation else { return false }
            return gsl_linalg_LU_svx(matrix, densePermutation, &solutionVector) == GSL_SUCCESS
        }
        BandedLU.solve(
            matrix.pointee.data, rowStride: matrix.pointee.tda, dimension: dimension, lower: band.lower,
            upper: band.upper, pivots: bandPivots.pointee.data, x: solution)
        return true
    }
}

/// Linearly implicit Rosenbrock methods, supplied to GSL as their own `gsl_odeiv2_step_type`s so that
/// GSL's evolve and control objects drive them like GSL's own steppers.
///
/// One step of an s-stage method (`RosenbrockTableau`) from (t, y) with step h factorises
/// G = 1/(h γ₁) · I − J(t, y) once: with banded LU (`BandedLU`, LAPACK's dgbtf2 on GSL's layout) when
/// the system declares a `Bandwidth`, else with GSL's dense LU. No Newton iteration: the cost per step
/// is one factorisation and s solves, which for pdtsim's session kinetics (bandwidth 4 with states
/// interleaved by cell) is linear in the number of cells.
///
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
            } else if newF[i] {
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
