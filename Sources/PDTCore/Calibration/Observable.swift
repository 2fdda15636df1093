/// A quantity of a protocol run that a measurement can be compared with: a column of
/// `timeline.csv` on a day, or a readout of `sessions.csv` on the day of a session.
public enum Observable: Sendable, Hashable {
    /// A timeline column, read on any day 0 … horizon.
    case timeline(String)
    /// A session readout, read on the day of a session of the arm.
    case session(String)

    /// The timeline columns (every column of `timeline.csv` but `day`).
    public static let timelineNames = [
        "sebaceous_activity", "inflammation", "flare", "structural_pore_size", "pore_appearance",
        "pore_reduction_percent", "sebum_relative", "inflammatory_lesions_relative",
    ]

    /// The numeric session readouts (every column of `sessions.csv` that is a number, but `session` and `day`).
    public static let sessionNames =
        ["sebaceous_activity_before"] + SimulationReport.sessionColumns.filter { $0 != "photosensitivity_censored" }

    /// Every observable name.
    public static var allNames: [String] { timelineNames + sessionNames }

    /// The observable called `name`, or nil.
    public init?(name: String) {
        if Self.timelineNames.contains(name) {
            self = .timeline(name)
        } else if Self.sessionNames.contains(name) {
            self = .session(name)
        } else {
            return nil
        }
    }

    public var name: String {
        switch self {
        case .timeline(let n), .session(let n): return n
        }
    }

    /// The value in `result` on `day`; nil when the day is beyond the horizon or, for a session
    /// readout, no session falls on it.
    public func value(in result: ProtocolResult, day: Int) -> Double? {
        switch self {
        case .timeline(let name):
            guard day >= 0 && day < result.timeline.count else { return nil }
            let s = result.timeline[day]
            switch name {
            case "sebaceous_activity", "sebum_relative": return s.state.sebaceousActivity
            case "inflammation", "inflammatory_lesions_relative": return s.state.inflammation
            case "flare": return s.state.flare2
            case "structural_pore_size": return s.state.poreSize
            case "pore_appearance": return s.poreAppearance
            default: return s.poreReductionPercent
            }
        case .session(let name):
            guard let session = result.sessions.first(where: { $0.day == day }) else { return nil }
            if name == "sebaceous_activity_before" { return session.result.sebaceousActivityBefore }
            let index = SimulationReport.sessionColumns.firstIndex(of: name)!
            guard case .number(let x) = SimulationReport.sessionFields(session)[index] else { return nil }
            return x
        }
    }
}
