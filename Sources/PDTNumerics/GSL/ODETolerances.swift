/// The local error tolerances of adaptive step-size control (GSL's "y" control,
/// `gsl_odeiv2_control_y_new`).
///
/// A step is accepted when, for every component i, its estimated local error satisfies
/// |err_i| ≤ `absolute` + `relative` · |y_i|; otherwise it is retried with a smaller step. `absolute`
/// has the units of y, `relative` is dimensionless. These bound the error made in each step, not the
/// global error at the end, which can be larger by the number of steps times the growth of errors.
public struct ODETolerances: Sendable, Equatable {
    /// The absolute tolerance, in units of y; ≥ 0 and finite.
    public var absolute: Double
    /// The relative tolerance; ≥ 0 and < 1. At least one of the two must be positive.
    public var relative: Double

    public init(absolute: Double, relative: Double) {
        self.absolute = absolute
        self.relative = relative
    }
}
