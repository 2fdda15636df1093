extension ODESystem {
    /// Evaluates the right-hand side f(t, y) into `dydt` outside any integration (tests, checks of
    /// conservation laws, diagnostics). Preconditions: both arrays have the system's dimension.
    public static func evaluate(_ system: ODESystem, _ y: [Double], t: Double = 0, into dydt: inout [Double]) {
        precondition(y.count == system.dimension && dydt.count == system.dimension)
        y.withUnsafeBufferPointer { state in
            dydt.withUnsafeMutableBufferPointer { out in
                system.rhs(
                    t, ODEState(base: state.baseAddress!, count: system.dimension),
                    ODEDerivative(base: out.baseAddress!, count: system.dimension))
            }
        }
    }

    /// Evaluates the Jacobian ∂f/∂y, zeroed first, into `dfdy`: dense and row-major (n² entries), or in
    /// GSL's banded LU layout (n × band.storageWidth entries, see `ODEJacobian`) when `band` is given.
    /// Preconditions: the system has a Jacobian and `dfdy` has the size the layout needs.
    public static func evaluateJacobian(
        _ system: ODESystem, _ y: [Double], t: Double = 0, band: Bandwidth? = nil, into dfdy: inout [Double]
    ) {
        let n = system.dimension
        precondition(system.jacobian != nil && y.count == n && dfdy.count == n * (band?.storageWidth ?? n))
        var dfdt = [Double](repeating: 0, count: n)
        for i in dfdy.indices { dfdy[i] = 0 }
        y.withUnsafeBufferPointer { state in
            dfdy.withUnsafeMutableBufferPointer { matrix in
                dfdt.withUnsafeMutableBufferPointer { time in
                    system.jacobian!(
                        t, ODEState(base: state.baseAddress!, count: n),
                        ODEJacobian(base: matrix.baseAddress!, dimension: n, band: band),
                        ODEDerivative(base: time.baseAddress!, count: n))
                }
            }
        }
    }
}
