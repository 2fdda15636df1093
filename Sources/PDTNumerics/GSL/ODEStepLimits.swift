/// Limits on the step sizes and step count of one `ODEDriver`. Step sizes are in units of t.
public struct ODEStepLimits: Sendable, Equatable {
    /// The size of the first step attempted after creation and after every reset; > 0 and finite. The
    /// control adapts it after every step, so it only needs the right order of magnitude (too large costs
    /// a few rejected steps).
    public var initialStep: Double
    /// The smallest acceptable step size, ≥ 0 and finite. When an accepted step is shorter than this
    /// before the end of the interval, the integration stops with `ODEOutcome.stepSizeTooSmall`. 0 leaves
    /// the floor to GSL, which gives up when a step would no longer change t.
    public var minStep: Double
    /// The largest step size attempted, > 0 (may be infinite). Useful when the right-hand side has
    /// features narrower than the natural step (a short pulse that a long step could miss).
    public var maxStep: Double
    /// The largest number of step attempts (accepted plus rejected) one `integrate` call may make, ≥ 1.
    public var maxSteps: Int
    /// The largest number of step attempts over the driver's whole life (every `integrate` call,
    /// every segment), ≥ 1: a budget shared by the segments of a piecewise problem.
    public var maxTotalSteps: Int

    public init(
        initialStep: Double = 1e-6, minStep: Double = 0, maxStep: Double = .infinity, maxSteps: Int = 1_000_000,
        maxTotalSteps: Int = .max
    ) {
        self.initialStep = initialStep
        self.minStep = minStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
        self.maxTotalSteps = maxTotalSteps
    }
}
