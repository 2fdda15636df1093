import PDTNumerics

/// Which integrator runs the session phases: pdtsim's (GSL's driver with the solver settings'
/// stepper), which every simulation uses, or SUNDIALS CVODE's BDF with the same tolerances, initial
/// step and phases, which `pdtsim benchmark` runs beside it as a yardstick.
public enum SessionEngine: Sendable {
    /// GSL's driver with `SolverSettings.stepper`.
    case pdtsim
    /// CVODE's BDF from the loaded library (`CVODEIntegrator`).
    case cvode(CVODELibrary)

    /// One phase's integrator for `system`. - Throws: `ODESetupError`.
    func integrator(
        _ system: ODESystem, solver: SolverSettings, limits: ODEStepLimits
    ) throws(ODESetupError) -> any PhaseIntegrator {
        switch self {
        case .pdtsim:
            try ODEDriver(system: system, stepper: solver.stepper, tolerances: solver.sessionTolerances, limits: limits)
        case .cvode(let library):
            try CVODEIntegrator(
                library: library, system: system, tolerances: solver.sessionTolerances, limits: limits)
        }
    }

    /// Whether results may be shared through an `IncubationCache`, whose key does not name the
    /// engine: only pdtsim's.
    var usesCache: Bool {
        if case .pdtsim = self { return true }
        return false
    }
}
