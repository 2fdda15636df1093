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

    /// Evaluates the Jacobian ∂f/∂y (dense, row-major, zeroed first) into `dfdy`.
    /// Preconditions: the system has a Jacobian, `dfdy` has n² entries.
    public static func evaluateJacobian(_ system: ODESystem, _ y: [Double], t: Double = 0, into dfdy: inout [Double]) {
        let n = system.dimension
        precondition(system.jacobian != nil && y.count == n && dfdy.count == n * n)
        var dfdt = [Double](repeating: 0, count: n)
        for i in dfdy.indices { dfdy[i] = 0 }
        y.withUnsafeBufferPointer { state in
            dfdy.withUnsafeMutableBufferPointer { matrix in
                dfdt.withUnsafeMutableBufferPointer { time in
                    system.jacobian!(
                        t, ODEState(base: state.baseAddress!, count: n),
                        ODEJacobian(base: matrix.baseAddress!, dimension: n),
                        ODEDerivative(base: time.baseAddress!, count: n))
                }
            }
        }
    }
}
