import PDTCore

/// A quantity of a protocol run that a measurement can be compared with: a column of
/// `timeline.csv` on a day, or a numeric readout of `sessions.csv` on the day of a session.
public enum Observable: Sendable, Hashable {
    /// A timeline column, read on any day 0 … horizon.
    case timeline(TimelineReadout)
    /// A numeric session readout, read on the day of a session of the arm.
    case session(SessionReadout)

    /// The timeline observables: every `TimelineReadout`.
    public static let timelineNames = TimelineReadout.all.map(\.name)

    /// The session observables: every numeric `SessionReadout`.
    public static let sessionNames = SessionReadout.all.filter(\.isNumber).map(\.name)

    /// Every observable name.
    public static var allNames: [String] { timelineNames + sessionNames }

    /// The observable called `name`, or nil.
    public init?(name: String) {
        if let readout = TimelineReadout.named(name) {
            self = .timeline(readout)
        } else if let readout = SessionReadout.named(name), readout.isNumber {
            self = .session(readout)
        } else {
            return nil
        }
    }

    public var name: String {
        switch self {
        case .timeline(let readout): readout.name
        case .session(let readout): readout.name
        }
    }

    /// The value in `result` on `day`; nil when the day is beyond the horizon or, for a session
    /// readout, no session falls on it.
    public func value(in result: ProtocolResult, day: Int) -> Double? {
        switch self {
        case .timeline(let readout):
            guard day >= 0 && day < result.timeline.count else { return nil }
            return readout.value(result.timeline[day])
        case .session(let readout):
            guard let session = result.sessions.first(where: { $0.day == day }) else { return nil }
            return readout.number(session)
        }
    }
}
