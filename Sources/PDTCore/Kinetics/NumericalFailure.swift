import PDTNumerics

/// A numerical outcome other than success: the solver's return code, where it happened and when
/// (s since cream-on in a session; days since the first session in the response model).
public struct NumericalFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var phase: IntegrationStage
    public var time: Double
    public var outcome: ODEOutcome
    /// The session number (from 1) when known.
    public var session: Int?

    public init(phase: IntegrationStage, time: Double, outcome: ODEOutcome, session: Int? = nil) {
        self.phase = phase
        self.time = time
        self.outcome = outcome
        self.session = session
    }

    public var description: String {
        if phase == .response {
            return "integration failed in the response model at day \(formatNumber(time)): \(outcome.name)"
        }
        let which = session.map { "session \($0), " } ?? ""
        return "integration failed in \(which)\(phase.rawValue) at t = \(formatNumber(time)) s: \(outcome.name)"
    }
}
