/// What the session model needs of an integrator for one phase: integrate to a time, or through
/// piecewise segments, observing every accepted step, and report its work. `ODEDriver` (GSL's
/// driver with pdtsim's steppers) is the integrator of every simulation; `CVODEIntegrator` (SUNDIALS
/// CVODE, loaded at run time) runs the same phases as `pdtsim benchmark`'s yardstick.
///
/// The contracts are `ODEDriver`'s: `integrate(from:to:state:observe:)` runs forward from t to t1,
/// calls `observe` after every accepted step at strictly increasing t (the last at t1), and on any
/// outcome but `success` leaves t and y at the last accepted point; `integrate(segments:…)` switches
/// the system at each segment end without a step across the switch.
public protocol PhaseIntegrator: AnyObject {
    /// The number of state components.
    var dimension: Int { get }
    /// The step limits (`maxTotalSteps` is the budget the session charges).
    var limits: ODEStepLimits { get }
    /// Work done so far, accumulated over the integrator's life.
    var statistics: ODEStatistics { get }

    func integrate(
        from t: inout Double, to t1: Double, state y: inout [Double], observe: ((Double, ODEState) -> Void)?
    ) -> ODEOutcome

    /// Switches the right-hand side (and Jacobian) to `system`, so that the next integration starts
    /// afresh on it (no step spans the switch).
    func replaceSystem(_ system: ODESystem)
}

extension PhaseIntegrator {
    /// The precondition every `integrate(from:to:state:observe:)` checks on entry: `y.count ==
    /// dimension`, t and t1 finite, t1 ≥ t (a programmer's mistake, not a numerical outcome).
    func checkIntegrationArguments(from t: Double, to t1: Double, state y: [Double]) {
        precondition(y.count == dimension, "ODE state has \(y.count) components, the system \(dimension)")
        precondition(t.isFinite && t1.isFinite, "ODE integration limits must be finite (t \(t), t1 \(t1))")
        precondition(t1 >= t, "ODE integration runs forward only (t \(t), t1 \(t1))")
    }

    /// Integrates a piecewise-defined problem: for each segment in order, switches to its system
    /// (`replaceSystem`) and integrates to its end. The step limits apply to each segment separately.
    /// Stops at the first outcome other than `success`, with t and y at the last accepted point; on
    /// success t is the last segment's end.
    ///
    /// - Precondition: segment ends are finite and non-decreasing from t; each system fits the
    ///   integrator (see its `replaceSystem`).
    public func integrate(
        segments: [ODESegment], from t: inout Double, state y: inout [Double],
        observe: ((Double, ODEState) -> Void)? = nil
    ) -> ODEOutcome {
        for segment in segments {
            replaceSystem(segment.system)
            let outcome = integrate(from: &t, to: segment.end, state: &y, observe: observe)
            guard outcome == .success else { return outcome }
        }
        return .success
    }
}

extension ODEDriver: PhaseIntegrator {}
