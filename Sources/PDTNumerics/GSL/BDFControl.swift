import CGSL
import Foundation

/// The step-size control of the BDF stepper, a `gsl_odeiv2_control_type` that `ODEDriver` installs in
/// place of GSL's standard control when the stepper is `bdf`.
///
/// It is GSL's standard control (`gsl_odeiv2_control_standard_new`) in its error measure, its
/// acceptance and its decreases: with D_i = ε_abs + ε_rel (a_y |y_i| + a_dydt h |y′_i|) and
/// r = maxᵢ |err_i|/D_i, a step with r > 1.1 is rejected and retried with h · max(0.9 r^(−1/q), 0.2).
/// It differs in the increases, in the manner of CVODE: GSL raises h by 0.9 r^(−1/(q+1)) (at most 5)
/// whenever r < 0.5, which for a multistep method means a rescaled history, often a new factorisation
/// and, on the session kinetics, one rejected step in ten; this control raises h only when that
/// factor is at least 1.5 and the stepper has made q + 1 steps with the current step size and order
/// (`BDFWorkspace.History.unchangedSteps`), and otherwise keeps it (Models/MODEL.md §10.2).
final class BDFControl {
    private var absolute = 0.0
    private var relative = 0.0
    private var scaleY = 1.0
    private var scaleDerivative = 0.0
    /// The driver (whose step is the BDF stepper), set by GSL's `set_driver`.
    private var driver: UnsafePointer<gsl_odeiv2_driver>?

    /// The smallest factor by which h is raised (CVODE's threshold 1.5).
    static let minimumIncrease = 1.5

    /// The control type, created once.
    nonisolated(unsafe) static let type: UnsafePointer<gsl_odeiv2_control_type> = {
        let type = UnsafeMutablePointer<gsl_odeiv2_control_type>.allocate(capacity: 1)
        type.initialize(
            to: gsl_odeiv2_control_type(
                name: UnsafePointer(strdup("bdf")),
                alloc: { Unmanaged.passRetained(BDFControl()).toOpaque() },
                init: { state, absolute, relative, scaleY, scaleDerivative in
                    guard absolute >= 0, relative >= 0, scaleY >= 0, scaleDerivative >= 0 else {
                        return GSLStatus.invalidArgument.code
                    }
                    let control = BDFControl.control(state)
                    control.absolute = absolute
                    control.relative = relative
                    control.scaleY = scaleY
                    control.scaleDerivative = scaleDerivative
                    return GSLStatus.success.code
                },
                hadjust: { state, dimension, order, y, yerr, yp, h in
                    guard let y, let yerr, let yp, let h else { return GSLStatus.fault.code }
                    return BDFControl.control(state).adjust(
                        dimension: dimension, order: Int(order), y: y, yerr: yerr, yp: yp, h: h)
                },
                errlevel: { state, y, dydt, h, _, level in
                    let control = BDFControl.control(state)
                    level?.pointee = control.level(y: y, dydt: dydt, h: h)
                    return GSLStatus.success.code
                },
                set_driver: { state, driver in
                    BDFControl.control(state).driver = driver
                    return GSLStatus.success.code
                },
                free: { state in Unmanaged<BDFControl>.fromOpaque(state!).release() }))
        return UnsafePointer(type)
    }()

    static func control(_ state: UnsafeMutableRawPointer?) -> BDFControl {
        Unmanaged<BDFControl>.fromOpaque(state!).takeUnretainedValue()
    }

    /// D = ε_abs + ε_rel (a_y |y| + a_dydt h |y′|), GSL's standard error level.
    @inline(__always)
    func level(y: Double, dydt: Double, h: Double) -> Double {
        absolute + relative * (scaleY * abs(y) + scaleDerivative * abs(h * dydt))
    }

    /// `hadjust`: `GSL_ODEIV_HADJ_DEC` with the smaller h for a rejected step, `GSL_ODEIV_HADJ_INC`
    /// with the larger h, else `GSL_ODEIV_HADJ_NIL` with h unchanged.
    func adjust(
        dimension: Int, order: Int, y: UnsafePointer<Double>, yerr: UnsafePointer<Double>,
        yp: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let step = h.pointee
        var ratio = 0.0
        for i in 0..<dimension {
            let level = level(y: y[i], dydt: yp[i], h: step)
            ratio = max(ratio, abs(yerr[i]) / level)
        }
        let q = Double(max(order, 1))
        if ratio > 1.1 {
            h.pointee = step * max(0.9 * pow(ratio, -1 / q), 0.2)
            return GSL_ODEIV_HADJ_DEC
        }
        guard ratio < 0.5 else { return GSL_ODEIV_HADJ_NIL }
        let increase = min(0.9 * pow(ratio, -1 / (q + 1)), 5)
        guard increase >= Self.minimumIncrease, let state = driver?.pointee.s.pointee.state,
            BDFStepTypes.workspace(state).history.unchangedSteps > order
        else { return GSL_ODEIV_HADJ_NIL }
        h.pointee = step * increase
        return GSL_ODEIV_HADJ_INC
    }
}
