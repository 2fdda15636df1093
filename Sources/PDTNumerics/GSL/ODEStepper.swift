import CGSL

/// The stepping methods of GSL's `ode-initval2` module.
///
/// Every stepper is used with adaptive step-size control (`ODEDriver`): each step comes with an
/// estimate of its local error, the step is rejected and retried with a smaller size when the estimate
/// exceeds the tolerance, and the next step size is chosen from it. The raw value is GSL's name of the
/// method (`gsl_odeiv2_step_name`), which is also the name used on the command line.
///
/// For stiff problems (time scales that differ by orders of magnitude, as in pdtsim's oxygen kinetics
/// under light) choose a stepper that `needsJacobian`; the explicit methods then need step sizes bounded
/// by the fastest time scale and become slow.
public enum ODEStepper: String, CaseIterable, Sendable, Codable {
    case rk2, rk4, rkf45, rkck, rk8pd, rk1imp, rk2imp, rk4imp, bsimp, msadams, msbdf, rodas3, rodas4, ros34pw2, bdf

    /// Whether the method calls the Jacobian ∂f/∂y (and ∂f/∂t): an `ODESystem` used with this stepper
    /// must supply one. These are the methods suited to stiff problems.
    public var needsJacobian: Bool {
        switch self {
        case .rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf, .rodas3, .rodas4, .ros34pw2, .bdf: true
        case .rk2, .rk4, .rkf45, .rkck, .rk8pd, .msadams: false
        }
    }

    /// Whether the method's formula is implicit in the new state. `msadams` is implicit (an
    /// Adams–Moulton corrector) but solves it by functional iteration, so it needs no Jacobian and, like
    /// the explicit methods, does not suit stiff problems.
    public var isImplicit: Bool {
        switch self {
        case .rk1imp, .rk2imp, .rk4imp, .bsimp, .msadams, .msbdf, .rodas3, .rodas4, .ros34pw2, .bdf: true
        case .rk2, .rk4, .rkf45, .rkck, .rk8pd: false
        }
    }

    /// One line describing the method, for `--help` and listings.
    public var summary: String {
        switch self {
        case .rk2: "explicit embedded Runge-Kutta (2, 3); cheap, low accuracy"
        case .rk4: "explicit classical 4th-order Runge-Kutta; error from step doubling"
        case .rkf45: "explicit embedded Runge-Kutta-Fehlberg (4, 5); general-purpose non-stiff default"
        case .rkck: "explicit embedded Runge-Kutta Cash-Karp (4, 5); non-stiff"
        case .rk8pd: "explicit embedded Runge-Kutta Prince-Dormand (8, 9); smooth non-stiff, tight tolerances"
        case .rk1imp: "implicit Euler (order 1); error from step doubling; stiff; needs Jacobian"
        case .rk2imp: "implicit Gaussian Runge-Kutta, order 2 (midpoint); stiff; needs Jacobian"
        case .rk4imp: "implicit Gaussian Runge-Kutta, order 4 (2 stages); stiff; needs Jacobian"
        case .bsimp: "implicit Bulirsch-Stoer (Bader-Deuflhard); stiff, tight tolerances; needs Jacobian"
        case .msadams: "multistep Adams, orders 1-12, functional iteration; smooth non-stiff"
        case .msbdf: "multistep BDF, orders 1-5, Newton iteration; stiff, large systems; needs Jacobian"
        case .rodas3:
            "Rosenbrock RODAS3 (order 3, 4 stages; pdtsim's own GSL step type); stiff; banded LU; needs Jacobian"
        case .rodas4:
            "Rosenbrock RODAS4 (order 4, 6 stages; pdtsim's own GSL step type); stiff; banded LU; needs Jacobian"
        case .ros34pw2:
            "Rosenbrock-W ROS34PW2 (order 3, 4 stages; pdtsim's own GSL step type); stiff; reuses its Jacobian and banded LU across steps; needs Jacobian"
        case .bdf:
            "multistep BDF, orders 1-5, Newton iteration (pdtsim's own GSL step type); stiff; reuses its Jacobian and banded LU across steps; needs Jacobian"
        }
    }

    /// The step-size control the method runs with: nil for GSL's standard control on y
    /// (`gsl_odeiv2_control_y_new`), `BDFControl` for `bdf`.
    var controlType: UnsafePointer<gsl_odeiv2_control_type>? {
        self == .bdf ? BDFControl.type : nil
    }

    /// GSL's own name of the method (`gsl_odeiv2_step_type.name`); equal to `rawValue`.
    var gslName: String {
        String(cString: stepType.pointee.name)
    }

    /// GSL's descriptor of the method. GSL exposes these as mutable globals, which Swift 6 rejects, so
    /// they are read through the accessors of the `CGSL` shim; the Rosenbrock and BDF types are pdtsim's own.
    var stepType: UnsafePointer<gsl_odeiv2_step_type> {
        switch self {
        case .rk2: pdt_step_rk2()
        case .rk4: pdt_step_rk4()
        case .rkf45: pdt_step_rkf45()
        case .rkck: pdt_step_rkck()
        case .rk8pd: pdt_step_rk8pd()
        case .rk1imp: pdt_step_rk1imp()
        case .rk2imp: pdt_step_rk2imp()
        case .rk4imp: pdt_step_rk4imp()
        case .bsimp: pdt_step_bsimp()
        case .msadams: pdt_step_msadams()
        case .msbdf: pdt_step_msbdf()
        case .rodas3: RosenbrockStepTypes.rodas3
        case .rodas4: RosenbrockStepTypes.rodas4
        case .ros34pw2: RosenbrockStepTypes.ros34pw2
        case .bdf: BDFStepTypes.bdf
        }
    }
}
