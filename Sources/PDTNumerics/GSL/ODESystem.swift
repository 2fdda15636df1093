import CGSL

/// A read-only view of the state vector y handed to the callbacks of an `ODESystem` and to observers.
///
/// The view borrows memory owned by GSL or by the integration loop: it is valid only during the call it
/// is passed to and must not be stored or escape it (copy out with `Array(y)` when needed). Indices run
/// from 0 to `count - 1`; they are checked with `assert`, so the check costs nothing in release builds.
public struct ODEState: RandomAccessCollection {
    @usableFromInline let base: UnsafePointer<Double>
    /// The number of components, the system's dimension.
    public let count: Int

    init(base: UnsafePointer<Double>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    /// Component `i` of the state.
    @inlinable public subscript(i: Int) -> Double {
        assert(i >= 0 && i < count, "ODEState index \(i) out of range 0..<\(count)")
        return base[i]
    }
}

@available(*, unavailable, message: "a view valid only during one callback")
extension ODEState: Sendable {}

/// A writable view of a vector the callbacks fill in: dy/dt for the right-hand side, ∂f/∂t for the
/// Jacobian.
///
/// Valid only during the call it is passed to. For the right-hand side every component must be written
/// (the memory holds stale values on entry); for ∂f/∂t the vector has been zeroed, so only non-zeros
/// need writing. Indices are checked with `assert`.
public struct ODEDerivative {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    /// The number of components, the system's dimension.
    public let count: Int

    init(base: UnsafeMutablePointer<Double>, count: Int) {
        self.base = base
        self.count = count
    }

    /// Component `i`.
    @inlinable public subscript(i: Int) -> Double {
        get {
            assert(i >= 0 && i < count, "ODEDerivative index \(i) out of range 0..<\(count)")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "ODEDerivative index \(i) out of range 0..<\(count)")
            base[i] = newValue
        }
    }
}

@available(*, unavailable, message: "a view valid only during one callback")
extension ODEDerivative: Sendable {}

/// A writable view of the Jacobian matrix J = ∂f/∂y of an n-dimensional system, n = `dimension`.
///
/// Dense systems get GSL's row-major layout: `dfdy[i * n + j]` = J[i, j] = ∂f_i/∂y_j. Systems that declare
/// a `ODESystem.Bandwidth` (lower l, upper u) and run with a banded stepper get GSL's banded LU layout
/// instead (`gsl_linalg_LU_band_decomp`: an n × (2l + u + 1) row-major matrix AB with
/// AB[j, l + u + i − j] = J[i, j]); either way entries are addressed as `dfdy[i, j]`, and for a banded
/// view only j − u ≤ i ≤ j + l may be written. Every entry that may be written has been zeroed before
/// the callback, so only non-zeros need writing (and `+=` accumulates). Valid only during the call it is
/// passed to; indices are checked with `assert`.
public struct ODEJacobian {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    /// n, the number of rows and of columns.
    public let dimension: Int
    /// The band (nil: dense row-major storage).
    public let band: ODESystem.Bandwidth?
    @usableFromInline let lower: Int
    @usableFromInline let width: Int

    init(base: UnsafeMutablePointer<Double>, dimension: Int, band: ODESystem.Bandwidth? = nil) {
        self.base = base
        self.dimension = dimension
        self.band = band
        lower = band?.lower ?? 0
        width = band.map { 2 * $0.lower + $0.upper + 1 } ?? 0
    }

    @inlinable func offset(_ row: Int, _ column: Int) -> Int {
        assert(row >= 0 && row < dimension && column >= 0 && column < dimension, "ODEJacobian index out of range")
        guard width > 0 else { return row * dimension + column }
        assert(row - column <= lower && column - row <= width - 2 * lower - 1, "ODEJacobian entry outside the band")
        return column * width + width - 1 - lower + row - column
    }

    /// J[row, column] = ∂f_row/∂y_column.
    @inlinable public subscript(row: Int, column: Int) -> Double {
        get { base[offset(row, column)] }
        nonmutating set { base[offset(row, column)] = newValue }
    }
}

@available(*, unavailable, message: "a view valid only during one callback")
extension ODEJacobian: Sendable {}

/// A system of first-order ordinary differential equations dy/dt = f(t, y), y ∈ ℝⁿ.
///
/// The units of t and of each component of y are the caller's (pdtsim integrates in seconds); f has the
/// units of y per unit of t, and the Jacobian entries ∂f_i/∂y_j those of f_i / y_j.
///
/// Contracts for the callbacks:
/// - `rhs(t, y, dydt)` writes f(t, y) into every component of `dydt`. It must be a pure function of
///   (t, y): steppers evaluate it at trial points that are later discarded, in any order.
/// - `jacobian(t, y, dfdy, dfdt)` writes J = ∂f/∂y into `dfdy` and ∂f/∂t into `dfdt`, both zeroed
///   beforehand, so only non-zero entries need writing. Required by the steppers whose `needsJacobian`
///   is true; ignored by the others.
/// - A value that is not finite (NaN or ±∞) in either output makes the evaluation fail: the step is
///   abandoned and the integration ends with `ODEOutcome.nonFiniteDerivative`.
/// - The time passed to the callbacks never exceeds the end of the `integrate` call under way (GSL's
///   steppers can overshoot it by rounding; the driver clamps t). A switch of the right-hand side still
///   belongs in a separate system (`ODEDriver.replaceSystem`, `ODESegment`), not in a test on t: steps
///   must not straddle it.
/// - Callbacks must not call back into the `ODEDriver` that is evaluating them.
public struct ODESystem: Sendable {
    /// The right-hand side: writes f(t, y) into `dydt`.
    public typealias RHS = @Sendable (_ t: Double, _ y: ODEState, _ dydt: ODEDerivative) -> Void
    /// The Jacobian: writes ∂f/∂y into `dfdy` and ∂f/∂t into `dfdt` (both zeroed on entry).
    public typealias Jacobian =
        @Sendable (_ t: Double, _ y: ODEState, _ dfdy: ODEJacobian, _ dfdt: ODEDerivative) -> Void

    /// n, the length of the state vector (at least 1 for a usable system).
    public let dimension: Int
    /// f(t, y).
    public let rhs: RHS
    /// ∂f/∂y and ∂f/∂t, or `nil` for a system only used with steppers that do not need it.
    public let jacobian: Jacobian?
    /// The Jacobian's band, when J[i, j] = 0 for j < i − lower and j > i + upper; the Rosenbrock
    /// steppers then factorise with banded LU. nil: dense.
    public let bandwidth: Bandwidth?

    /// Lower and upper bandwidth of a banded Jacobian.
    public struct Bandwidth: Sendable, Equatable {
        public var lower: Int
        public var upper: Int

        public init(lower: Int, upper: Int) {
            precondition(lower >= 0 && upper >= 0)
            self.lower = lower
            self.upper = upper
        }

        /// Columns of GSL's banded LU storage: 2 lower + upper + 1.
        public var storageWidth: Int { 2 * lower + upper + 1 }
    }

    public init(dimension: Int, rhs: @escaping RHS, jacobian: Jacobian? = nil, bandwidth: Bandwidth? = nil) {
        self.dimension = dimension
        self.rhs = rhs
        self.jacobian = jacobian
        self.bandwidth = bandwidth
    }
}

/// The Swift side of a `gsl_odeiv2_system`: the system currently integrated and the evaluation counters.
///
/// An `ODEDriver` keeps one instance alive (retained through `Unmanaged`) for as long as GSL holds its
/// address in `gsl_odeiv2_system.params`. Not thread safe: used only by the thread running the driver.
final class ODECallbacks {
    /// The system being integrated; replaced between steps when the right-hand side switches.
    var system: ODESystem
    /// The end of the integration under way. GSL's steppers evaluate f at t up to a few ulps past the
    /// end they were asked to stop at (observed with `bsimp`, `rk4` and `rk1imp`: their stage times are
    /// sums that round upwards), so the time handed to the callbacks is clamped to it: a callback never
    /// sees a t beyond the interval being integrated.
    var end = Double.infinity
    /// Calls of the right-hand side since the driver was created.
    var rhsEvaluations = 0
    /// Calls of the Jacobian since the driver was created.
    var jacobianEvaluations = 0
    /// LU factorisations of the Newton matrix by pdtsim's Rosenbrock steppers since the driver was
    /// created (GSL's own steppers factorise inside GSL, uncounted).
    var factorisations = 0
    /// Linear solves with a factorised Newton matrix by pdtsim's Rosenbrock steppers.
    var linearSolves = 0

    init(system: ODESystem) {
        self.system = system
    }

    /// The C type of `gsl_odeiv2_system.function`: (t, y, dydt, params) → status.
    typealias RHSFunction =
        @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?)
        -> Int32
    /// The C type of `gsl_odeiv2_system.jacobian`: (t, y, dfdy, dfdt, params) → status.
    typealias JacobianFunction =
        @convention(c) (
            Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafeMutableRawPointer?
        ) -> Int32

    /// `gsl_odeiv2_system.function`: evaluates f(t, y) into `dydt`.
    ///
    /// Returns `GSL_EBADFUNC` when a component of the result is not finite, `GSL_EFAULT` on a null
    /// pointer, otherwise `GSL_SUCCESS`.
    static let function: RHSFunction = { t, y, dydt, params in
        guard let y, let dydt, let params else { return GSLStatus.fault.code }
        let callbacks = Unmanaged<ODECallbacks>.fromOpaque(params).takeUnretainedValue()
        let n = callbacks.system.dimension
        callbacks.rhsEvaluations += 1
        callbacks.system.rhs(min(t, callbacks.end), ODEState(base: y, count: n), ODEDerivative(base: dydt, count: n))
        return allFinite(dydt, count: n) ? GSLStatus.success.code : GSLStatus.badFunction.code
    }

    /// `gsl_odeiv2_system.jacobian`: zeroes `dfdy` (n × n, row-major) and `dfdt` (n), then evaluates
    /// ∂f/∂y and ∂f/∂t into them.
    ///
    /// Returns `GSL_EBADFUNC` when an entry of either is not finite, `GSL_EFAULT` on a null pointer or a
    /// system without Jacobian (GSL's implicit steppers call this without checking for NULL, so it is
    /// always installed), otherwise `GSL_SUCCESS`.
    static let jacobian: JacobianFunction = { t, y, dfdy, dfdt, params in
        guard let y, let dfdy, let dfdt, let params else { return GSLStatus.fault.code }
        let callbacks = Unmanaged<ODECallbacks>.fromOpaque(params).takeUnretainedValue()
        guard let jacobian = callbacks.system.jacobian else { return GSLStatus.fault.code }
        let n = callbacks.system.dimension
        callbacks.jacobianEvaluations += 1
        dfdy.update(repeating: 0, count: n * n)
        dfdt.update(repeating: 0, count: n)
        jacobian(
            min(t, callbacks.end), ODEState(base: y, count: n), ODEJacobian(base: dfdy, dimension: n),
            ODEDerivative(base: dfdt, count: n))
        let finite = allFinite(dfdy, count: n * n) && allFinite(dfdt, count: n)
        return finite ? GSLStatus.success.code : GSLStatus.badFunction.code
    }

    /// Evaluates f(t, y) into `dydt` for pdtsim's own steppers, counted but without the finiteness check
    /// of `function`: those steppers check the finiteness of each step's result instead (a value that is
    /// not finite in any stage evaluation reaches the new state or its error estimate, see
    /// `RosenbrockTableau.everyStageReachesResult`), once per step rather than once per evaluation.
    @inline(__always)
    func evaluate(t: Double, y: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>) {
        let n = system.dimension
        rhsEvaluations &+= 1
        system.rhs(min(t, end), ODEState(base: y, count: n), ODEDerivative(base: dydt, count: n))
    }

    /// Evaluates the Jacobian at (t, y) into `storage` in the layout of `band` (GSL's banded LU layout,
    /// n × band.storageWidth, or dense n × n when nil) and ∂f/∂t into `dfdt`.
    ///
    /// The entries J can have are zeroed first and checked for finiteness after: all n × n of a dense
    /// matrix; of a banded one the l + u + 1 band entries of each row of the storage (AB[j, l … 2l + u],
    /// the diagonals of J), not the l fill-in entries before them, which hold no entry of J
    /// (`ODEJacobian` writes only inside the band) and are left as they are. Returns `GSL_EBADFUNC` for
    /// a non-finite entry or a missing Jacobian, otherwise `GSL_SUCCESS`.
    func evaluateJacobian(
        t: Double, y: UnsafePointer<Double>, into storage: UnsafeMutablePointer<Double>,
        dfdt: UnsafeMutablePointer<Double>, band: ODESystem.Bandwidth?
    ) -> Int32 {
        guard let jacobian = system.jacobian else { return GSLStatus.badFunction.code }
        let n = system.dimension
        // The entries of J: `rows` runs of `inBand` entries, `rowStride` apart, from `first`.
        let (rows, inBand, rowStride, first) =
            band.map { (n, $0.lower &+ $0.upper &+ 1, $0.storageWidth, $0.lower) } ?? (1, n &* n, 0, 0)
        jacobianEvaluations += 1
        var run = storage + first
        for _ in 0..<rows {
            run.update(repeating: 0, count: inBand)
            run += rowStride
        }
        dfdt.update(repeating: 0, count: n)
        jacobian(
            min(t, end), ODEState(base: y, count: n), ODEJacobian(base: storage, dimension: n, band: band),
            ODEDerivative(base: dfdt, count: n))
        var finite = Self.allFinite(dfdt, count: n)
        run = storage + first
        for _ in 0..<rows {
            finite = finite && Self.allFinite(run, count: inBand)
            run += rowStride
        }
        return finite ? GSLStatus.success.code : GSLStatus.badFunction.code
    }

    /// Whether every one of values[0 ..< count] is finite, in one branch-free pass.
    ///
    /// A Double is NaN or ±∞ exactly when its 11-bit exponent field is all ones. Adding 2⁵² to the
    /// masked field (bits 52 … 62) carries into bit 63 for that field value alone (0x7FF · 2⁵² + 2⁵²
    /// = 2⁶³) and stays below 2⁶³ for every other, so bit 63 of the OR of these sums over the vector is
    /// set exactly when some entry is not finite: the same verdict as `isFinite` on each, without a
    /// branch per entry (the compiler vectorises the loop).
    @inline(__always)
    static func allFinite(_ values: UnsafePointer<Double>, count: Int) -> Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        let carry: UInt64 = 1 << 52
        var bits: UInt64 = 0
        var i = 0
        while i < count {
            bits |= (values[i].bitPattern & exponent) &+ carry
            i &+= 1
        }
        return bits & (1 << 63) == 0
    }
}
