import PDTNumerics

/// The solver section, declared once. The tolerance and step ranges keep every run within what
/// the steppers resolve in double precision and within the time stated in the README.
public enum SolverParameters: SectionDeclaration {
    public static let stepper = ParameterSpec(
        "stepper", .choice(ODEStepper.allCases.filter(\.needsJacobian).map(\.rawValue)), unit: nil,
        "GSL stepper of the session kinetics (stiff: the implicit steppers with a Jacobian, Models/MODEL.md §5)")
    public static let relativeTolerance = ParameterSpec(
        "relative_tolerance", .number(.closed(1e-9, 0.01)), unit: "1", "session kinetics relative tolerance",
        range: "Models/MODEL.md's reference accuracy (1e-9) to 1 %; tighter only costs time")
    public static let absoluteTolerance = ParameterSpec(
        "absolute_tolerance_uM", .number(.closed(1e-12, 1e-3)), unit: "uM", "session kinetics absolute tolerance",
        range: "Models/MODEL.md's reference accuracy (1e-12 µM) to 1 nM, below every readout")
    public static let initialStep = ParameterSpec(
        "initial_step_s", .number(.closed(1e-9, 60)), unit: "s", "first trial step of each phase",
        range: "a trial step, adapted at once: 1 ns to a minute")
    public static let maxSteps = ParameterSpec(
        "max_steps", .integer(.closed(1, 1_000_000)), unit: "1", "step attempts allowed per integration segment",
        range: "a cap on work: too few ends in too_many_steps (exit 4); bounded so a failing run ends soon")
    public static let responseStepper = ParameterSpec(
        "response_stepper", .choice(ODEStepper.allCases.map(\.rawValue)), unit: nil,
        "GSL stepper of the response model")
    public static let responseRelativeTolerance = ParameterSpec(
        "response_relative_tolerance", .number(.closed(1e-13, 0.01)), unit: "1", "response model relative tolerance",
        range: "double precision to 1 %")
    public static let responseAbsoluteTolerance = ParameterSpec(
        "response_absolute_tolerance", .number(.closed(1e-15, 1e-3)), unit: "1", "response model absolute tolerance",
        range: "double precision to 0.1 % of the baseline state 1")

    public static let parameters = [
        stepper, relativeTolerance, absoluteTolerance, initialStep, maxSteps, responseStepper,
        responseRelativeTolerance, responseAbsoluteTolerance,
    ]

    public static func build(_ p: ParameterReader) throws(ModelError) -> SolverSettings {
        SolverSettings(
            stepper: try p.choice(stepper, as: ODEStepper.self), relativeTolerance: try p.number(relativeTolerance),
            absoluteToleranceUM: try p.number(absoluteTolerance), initialStepS: try p.number(initialStep),
            maxSteps: try p.integer(maxSteps), responseStepper: try p.choice(responseStepper, as: ODEStepper.self),
            responseRelativeTolerance: try p.number(responseRelativeTolerance),
            responseAbsoluteTolerance: try p.number(responseAbsoluteTolerance))
    }
}
