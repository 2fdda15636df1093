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

    /// The named quantities and what they mean.
    public static let names: [(String, String)] = [
        ("reduction_on_evaluation_day_percent", "pore reduction on the evaluation day, %"),
        ("peak_reduction_percent", "largest daily pore reduction, %"),
        ("mean_reduction_percent", "mean daily reduction from the evaluation day to the horizon, %"),
        ("min_reduction_percent", "smallest daily reduction from the evaluation day to the horizon, %"),
        ("days_at_or_above_target", "days with reduction ≥ target over the horizon"),
        ("effect_duration_days", "days from the last session until the reduction stays below target"),
        ("sessions", "sessions within the horizon"),
        ("sessions_per_year", "sessions × 365 / horizon days"),
        ("total_incident_fluence_J_per_cm2", "incident fluence summed over sessions, J/cm²"),
        ("total_ppix_weighted_fluence_J_per_cm2", "PpIX-weighted fluence summed over sessions, J/cm²"),
        ("total_light_on_minutes", "light-on time summed over sessions (fluence / irradiance), min"),
        ("photosensitivity_hours", "longest photosensitivity after a session, h"),
    ]

    /// Timeline columns a timeline aggregate may read.
    public static let timelineColumns = [
        "pore_reduction_percent", "sebaceous_activity", "inflammation", "flare", "structural_pore_size",
        "pore_appearance", "sebum_relative", "inflammatory_lesions_relative",
    ]

    /// Session columns a session aggregate may read.
    public static var sessionColumns: [String] {
        SimulationReport.sessionColumns.filter { $0 != "photosensitivity_censored" }
    }

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
            "expected one of \(names.map(\.0).joined(separator: ", ")), reduction_on_day_N_percent, timeline:COLUMN:min|max|mean:FROM:TO, session:COLUMN:max|min|mean|sum or input:SECTION.KEY"
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
            if Self.day(ofReductionName: name) != nil || names.contains(where: { $0.0 == name }) { return q }
            let all = names.map(\.0)
            throw ModelError(
                location,
                "unknown quantity '\(name)'\(ModelLibrary.suggestion(name, among: all)); expected one of \(all.joined(separator: ", ")), reduction_on_day_N_percent, a timeline, session or input quantity"
            )
        case .timeline(let column, _, let from, let to):
            guard timelineColumns.contains(column) else {
                throw ModelError(
                    location,
                    "unknown timeline column '\(column)'\(ModelLibrary.suggestion(column, among: timelineColumns)); expected one of \(timelineColumns.joined(separator: ", "))"
                )
            }
            guard from >= 0 && from <= to else {
                throw ModelError(location, "days \(from) to \(to); expected 0 ≤ from_day ≤ to_day")
            }
        case .session(let column, _):
            guard sessionColumns.contains(column) else {
                throw ModelError(
                    location,
                    "unknown session column '\(column)'\(ModelLibrary.suggestion(column, among: sessionColumns)); expected one of \(sessionColumns.joined(separator: ", "))"
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
        case .named(let name): Self.day(ofReductionName: name)
        case .timeline(_, _, _, let to): to
        case .session, .input: nil
        }
    }

    /// N of `reduction_on_day_N_percent`.
    static func day(ofReductionName name: String) -> Int? {
        guard name.hasPrefix("reduction_on_day_"), name.hasSuffix("_percent") else { return nil }
        return Int(name.dropFirst("reduction_on_day_".count).dropLast("_percent".count)).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The quantity's value for one run; NaN when it does not exist there (a day beyond the
    /// horizon, an aggregate over no sessions), which counts as infinitely far outside any bound.
    public func value(_ point: ProtocolPoint) -> Double {
        let r = point.result.readouts
        let horizon = point.result.timeline.count - 1
        switch self {
        case .named(let name):
            if let day = Self.day(ofReductionName: name) {
                return day <= horizon ? point.result.timeline[day].poreReductionPercent : .nan
            }
            switch name {
            case "reduction_on_evaluation_day_percent": return r.reductionOnEvaluationDay
            case "peak_reduction_percent": return r.peakReduction
            case "mean_reduction_percent": return r.meanReduction
            case "min_reduction_percent": return r.minimumReduction
            case "days_at_or_above_target": return Double(r.daysAtOrAboveTarget)
            case "effect_duration_days": return Double(r.effectDurationDays)
            case "sessions": return Double(r.sessions)
            case "sessions_per_year": return Double(r.sessions) * 365 / Double(horizon)
            case "total_incident_fluence_J_per_cm2": return r.totalIncidentFluenceJPerCm2
            case "total_ppix_weighted_fluence_J_per_cm2": return r.totalPpixWeightedFluenceJPerCm2
            case "total_light_on_minutes":
                return r.totalIncidentFluenceJPerCm2 / (point.treatment.light.irradianceMWPerCm2 / 1000) / 60
            case "photosensitivity_hours": return point.result.sessions.map(\.result.photosensitivityHours).max() ?? 0
            default: preconditionFailure("unchecked quantity \(name)")
            }
        case .timeline(let column, let aggregate, let from, let to):
            guard to <= horizon else { return .nan }
            let values = point.result.timeline[from...to].map { sample -> Double in
                switch column {
                case "sebaceous_activity", "sebum_relative": sample.state.sebaceousActivity
                case "inflammation", "inflammatory_lesions_relative": sample.state.inflammation
                case "flare": sample.state.flare2
                case "structural_pore_size": sample.state.poreSize
                case "pore_appearance": sample.poreAppearance
                default: sample.poreReductionPercent
                }
            }
            return Self.aggregate(values, aggregate)
        case .session(let column, let aggregate):
            let index = SimulationReport.sessionColumns.firstIndex(of: column)!
            let values = point.result.sessions.map { s -> Double in
                if case .number(let x) = SimulationReport.sessionFields(s)[index] { return x }
                return .nan
            }
            return Self.aggregate(values, aggregate)
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
