import PDTCore
import PDTModelFiles
import PDTNumerics

/// A number read from one protocol run, for an objective or a constraint.
public enum Quantity: Sendable, Equatable {
    /// A readout or derived quantity by name (`Quantity.names`), or `reduction_on_day_N_percent`.
    case named(String)
    /// min, max or mean of a daily timeline column over days from … to (both included).
    case timeline(column: String, aggregate: Aggregate, fromDay: Int, toDay: Int)
    /// max, min, mean or sum of a per-session column over the sessions.
    case session(column: String, aggregate: Aggregate)
    /// The value of a protocol parameter (a decision variable or a fixed key), `section.key`.
    case input(String)

    public enum Aggregate: String, Sendable, CaseIterable {
        case min, max, mean, sum
    }

    /// The named quantities: the names of `ProtocolReadout.quantities`.
    public static let names = ProtocolReadout.quantities.map(\.name)

    /// Timeline columns a timeline aggregate may read: every `TimelineReadout`, the pore
    /// reduction first.
    public static let timelineColumns =
        [TimelineReadout.poreReductionPercent.name]
        + TimelineReadout.all.map(\.name).filter { $0 != TimelineReadout.poreReductionPercent.name }

    /// Session columns a session aggregate may read: the numeric `SessionReadout.outcomes`.
    public static let sessionColumns = SessionReadout.outcomes.filter(\.isNumber).map(\.name)

    /// The name in CSV headers and messages.
    public var label: String {
        switch self {
        case .named(let name): name
        case .timeline(let column, let aggregate, let from, let to): "\(aggregate.rawValue)_\(column)_day_\(from)_\(to)"
        case .session(let column, let aggregate): "session_\(aggregate.rawValue)_\(column)"
        case .input(let key): key
        }
    }

    /// Parses a name as used on the command line: a named quantity, `reduction_on_day_N_percent`,
    /// `timeline:COLUMN:AGGREGATE:FROM:TO`, `session:COLUMN:AGGREGATE` or `input:SECTION.KEY`.
    public static func parse(_ text: String, location: String) throws(ModelError) -> Quantity {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let expected =
            "expected one of \(names.joined(separator: ", ")), reduction_on_day_N_percent, timeline:COLUMN:min|max|mean:FROM:TO, session:COLUMN:max|min|mean|sum or input:SECTION.KEY"
        switch parts.first {
        case "timeline" where parts.count == 5:
            guard let aggregate = Aggregate(rawValue: parts[2]), aggregate != .sum, let from = Int(parts[3]),
                let to = Int(parts[4])
            else { throw ModelError(location, "'\(text)'; \(expected)") }
            return try checked(.timeline(column: parts[1], aggregate: aggregate, fromDay: from, toDay: to), location)
        case "session" where parts.count == 3:
            guard let aggregate = Aggregate(rawValue: parts[2]) else {
                throw ModelError(location, "'\(text)'; \(expected)")
            }
            return try checked(.session(column: parts[1], aggregate: aggregate), location)
        case "input" where parts.count == 2:
            return try checked(.input(parts[1]), location)
        default:
            guard parts.count == 1 else { throw ModelError(location, "'\(text)'; \(expected)") }
            return try checked(.named(text), location)
        }
    }

    /// Checks names, columns and days.
    static func checked(_ q: Quantity, _ location: String) throws(ModelError) -> Quantity {
        switch q {
        case .named(let name):
            if ProtocolReadout.day(ofReductionName: name) != nil || names.contains(name) { return q }
            throw ModelError(
                location,
                "unknown quantity '\(name)'\(suggestion(name, among: names)); expected one of \(names.joined(separator: ", ")), reduction_on_day_N_percent, a timeline, session or input quantity"
            )
        case .timeline(let column, _, let from, let to):
            guard timelineColumns.contains(column) else {
                throw ModelError(
                    location,
                    "unknown timeline column '\(column)'\(suggestion(column, among: timelineColumns)); expected one of \(timelineColumns.joined(separator: ", "))"
                )
            }
            guard from >= 0 && from <= to else {
                throw ModelError(location, "days \(from) to \(to); expected 0 ≤ from_day ≤ to_day")
            }
        case .session(let column, _):
            guard sessionColumns.contains(column) else {
                throw ModelError(
                    location,
                    "unknown session column '\(column)'\(suggestion(column, among: sessionColumns)); expected one of \(sessionColumns.joined(separator: ", "))"
                )
            }
        case .input(let key):
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let section = Section(rawValue: parts[0]), let spec = section.spec(parts[1]),
                case .number = spec.kind
            else {
                throw ModelError(location, "input '\(key)'; expected a numeric protocol key SECTION.KEY")
            }
        }
        return q
    }

    /// The last day the quantity reads: N of `reduction_on_day_N_percent`, a timeline window's
    /// `to_day`; nil for the others (they read the run's own days).
    public var lastDay: Int? {
        switch self {
        case .named(let name): ProtocolReadout.day(ofReductionName: name)
        case .timeline(_, _, _, let to): to
        case .session, .input: nil
        }
    }

    /// The quantity's value for one run; NaN when it does not exist there (a day beyond the
    /// horizon, an aggregate over no sessions), which counts as infinitely far outside any bound.
    public func value(_ point: ProtocolPoint) -> Double {
        let horizon = point.result.timeline.count - 1
        switch self {
        case .named(let name):
            if let day = ProtocolReadout.day(ofReductionName: name) {
                return day <= horizon ? TimelineReadout.poreReductionPercent.value(point.result.timeline[day]) : .nan
            }
            return ProtocolReadout.named(name)!.number(point.result, treatment: point.treatment)!
        case .timeline(let column, let aggregate, let from, let to):
            guard to <= horizon else { return .nan }
            let readout = TimelineReadout.named(column)!
            return Self.aggregate(point.result.timeline[from...to].map(readout.value), aggregate)
        case .session(let column, let aggregate):
            let readout = SessionReadout.named(column)!
            return Self.aggregate(point.result.sessions.map { readout.number($0)! }, aggregate)
        case .input(let key):
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            guard let values = point.definition.sections[Section(rawValue: parts[0])!],
                case .number(let x)? = values.values[parts[1]]?.value
            else { return .nan }
            return x
        }
    }

    static func aggregate(_ values: [Double], _ aggregate: Aggregate) -> Double {
        guard !values.isEmpty else { return .nan }
        switch aggregate {
        case .min: return values.min()!
        case .max: return values.max()!
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .sum: return values.reduce(0, +)
        }
    }
}
