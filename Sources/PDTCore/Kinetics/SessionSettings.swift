import PDTNumerics

/// How a session runs (Models/MODEL.md §5, §7).
public struct SessionSettings: Sendable, Equatable {
    /// Incubation time t_inc with the cream on and the light off, s.
    public var incubationSeconds: Double
    /// Whether the cream stays on during illumination (daylight PDT keeps it).
    public var creamOnDuringLight: Bool
    /// After-care time, light and cream off, h (48 h in Models/MODEL.md).
    public var aftercareHours: Double
    /// The epidermal PpIX mean at or above which the skin counts as photosensitive, µM.
    public var photosensitivityThresholdUM: Double
}

/// Solver choices for the session kinetics and the response model.
public struct SolverSettings: Sendable, Hashable {
    public var stepper: ODEStepper
    public var relativeTolerance: Double
    /// Absolute tolerance on every session state, µM.
    public var absoluteToleranceUM: Double
    /// First trial step of each phase, s.
    public var initialStepS: Double
    /// Step attempts allowed per integration segment.
    public var maxSteps: Int
    public var responseStepper: ODEStepper
    public var responseRelativeTolerance: Double
    public var responseAbsoluteTolerance: Double

    var sessionTolerances: ODETolerances {
        ODETolerances(absolute: absoluteToleranceUM, relative: relativeTolerance)
    }

    var sessionLimits: ODEStepLimits { ODEStepLimits(initialStep: initialStepS, maxSteps: maxSteps) }
}
