import PDTNumerics

/// A readout of a whole protocol run (Models/MODEL.md §7): a key of `summary.json` and a column of
/// every ensemble row, an optimisation quantity, or both (`uses`). Declared once here; the summary,
/// sweep, cohort and sensitivity rows, maintenance tables and `Quantity` read the same declarations.
public struct ProtocolReadout: Sendable {
    /// How the value is read: from the readouts of `ProtocolReadouts`, or derived from the whole run
    /// and its resolved protocol.
    public enum Value: Sendable {
        case number(@Sendable (ProtocolReadouts) -> Double)
        case integer(@Sendable (ProtocolReadouts) -> Int)
        case flag(@Sendable (ProtocolReadouts) -> Bool)
        case derived(@Sendable (ProtocolResult, TreatmentProtocol) -> Double)
    }

    /// Where a readout appears.
    public struct Uses: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// A key of `summary.json` and a column of sweep, cohort and sensitivity rows.
        public static let summary = Uses(rawValue: 1)
        /// A named quantity of `pdtsim optimize` (objective, constraint, `--pareto`).
        public static let quantity = Uses(rawValue: 2)
    }

    /// The name in quantities; for the evaluation-day reduction, the generic name (its summary key
    /// names the day: `key(evaluationDay:)`).
    public let name: String
    /// The unit of the value ("true/false" for a flag).
    public let unit: String
    /// What the value is, in one line.
    public let meaning: String
    public let uses: Uses
    public let value: Value
    /// Whether the summary key names the evaluation day, `reduction_on_day_E_percent`.
    let namedByDay: Bool

    init(name: String, unit: String, meaning: String, uses: Uses, namedByDay: Bool = false, value: Value) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
        self.uses = uses
        self.namedByDay = namedByDay
        self.value = value
    }

    /// The key in `summary.json` and ensemble rows: `reduction_on_day_E_percent` for the
    /// evaluation-day reduction with E = `evaluationDay`, or `name` when the day is nil (varied
    /// across an ensemble) or the readout is not named by day.
    public func key(evaluationDay: Int?) -> String {
        guard namedByDay, let day = evaluationDay else { return name }
        return Self.reductionName(day: day)
    }

    /// `reduction_on_day_N_percent`, the pore reduction on day N.
    public static func reductionName(day: Int) -> String { "reduction_on_day_\(day)_percent" }

    /// N of `reduction_on_day_N_percent` (N ≥ 0), or nil.
    public static func day(ofReductionName name: String) -> Int? {
        guard name.hasPrefix("reduction_on_day_"), name.hasSuffix("_percent") else { return nil }
        return Int(name.dropFirst("reduction_on_day_".count).dropLast("_percent".count)).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The value as `summary.json` writes it. Precondition: not derived.
    public func json(_ r: ProtocolReadouts) -> JSONOutput {
        switch value {
        case .number(let read): .number(read(r))
        case .integer(let read): .integer(read(r))
        case .flag(let read): .bool(read(r))
        case .derived: preconditionFailure("\(name) is derived from the run, not a summary readout")
        }
    }

    /// The value as an ensemble row writes it. Precondition: not derived.
    public func field(_ r: ProtocolReadouts) -> CSVTable.Field {
        switch value {
        case .number(let read): .number(read(r))
        case .integer(let read): .integer(read(r))
        case .flag(let read): .flag(read(r))
        case .derived: preconditionFailure("\(name) is derived from the run, not a summary readout")
        }
    }

    /// The value as a number for `result` run under `treatment`; nil for a flag.
    public func number(_ result: ProtocolResult, treatment: TreatmentProtocol) -> Double? {
        switch value {
        case .number(let read): read(result.readouts)
        case .integer(let read): Double(read(result.readouts))
        case .flag: nil
        case .derived(let read): read(result, treatment)
        }
    }
}

extension ProtocolReadout {
    public static let reductionOnEvaluationDay = ProtocolReadout(
        name: "reduction_on_evaluation_day_percent", unit: "%", meaning: "pore reduction on the evaluation day",
        uses: [.summary, .quantity], namedByDay: true, value: .number { $0.reductionOnEvaluationDay })

    public static let peakReduction = ProtocolReadout(
        name: "peak_reduction_percent", unit: "%", meaning: "largest daily pore reduction",
        uses: [.summary, .quantity],
        value: .number { $0.peakReduction })

    public static let peakDay = ProtocolReadout(
        name: "peak_day", unit: "day", meaning: "first day the largest reduction is reached", uses: .summary,
        value: .integer { $0.peakDay })

    public static let meanReduction = ProtocolReadout(
        name: "mean_reduction_percent", unit: "%",
        meaning: "mean daily reduction from the evaluation day to the horizon",
        uses: [.summary, .quantity], value: .number { $0.meanReduction })

    public static let minimumReduction = ProtocolReadout(
        name: "min_reduction_percent", unit: "%",
        meaning: "smallest daily reduction from the evaluation day to the horizon", uses: .quantity,
        value: .number { $0.minimumReduction })

    public static let daysAtOrAboveTarget = ProtocolReadout(
        name: "days_at_or_above_target", unit: "days", meaning: "days with reduction ≥ target over the horizon",
        uses: [.summary, .quantity], value: .integer { $0.daysAtOrAboveTarget })

    public static let effectDuration = ProtocolReadout(
        name: "effect_duration_days", unit: "days",
        meaning: "days from the last session until the reduction stays below target", uses: [.summary, .quantity],
        value: .integer { $0.effectDurationDays })

    public static let effectDurationCensored = ProtocolReadout(
        name: "effect_duration_censored", unit: "true/false",
        meaning: "the reduction is still at or above target at the horizon", uses: .summary,
        value: .flag { $0.effectDurationCensored })

    public static let sessions = ProtocolReadout(
        name: "sessions", unit: "count", meaning: "sessions within the horizon", uses: [.summary, .quantity],
        value: .integer { $0.sessions })

    /// sessions × 365 / horizon days.
    public static let sessionsPerYear = ProtocolReadout(
        name: "sessions_per_year", unit: "1/year", meaning: "sessions × 365 / horizon days", uses: .quantity,
        value: .derived { result, _ in Double(result.readouts.sessions) * 365 / Double(result.timeline.count - 1) })

    public static let totalIncidentFluence = ProtocolReadout(
        name: "total_incident_fluence_J_per_cm2", unit: "J/cm²", meaning: "incident fluence summed over sessions",
        uses: [.summary, .quantity], value: .number { $0.totalIncidentFluenceJPerCm2 })

    public static let totalPpixWeightedFluence = ProtocolReadout(
        name: "total_ppix_weighted_fluence_J_per_cm2", unit: "J/cm²",
        meaning: "PpIX-weighted fluence summed over sessions", uses: [.summary, .quantity],
        value: .number { $0.totalPpixWeightedFluenceJPerCm2 })

    /// Total incident fluence / irradiance, in minutes (J/cm² over W/cm² is seconds).
    public static let totalLightOnMinutes = ProtocolReadout(
        name: "total_light_on_minutes", unit: "min",
        meaning: "light-on time summed over sessions (fluence / irradiance)",
        uses: .quantity,
        value: .derived { result, treatment in
            result.readouts.totalIncidentFluenceJPerCm2 / (treatment.light.irradianceMWPerCm2 / 1000) / 60
        })

    /// The largest `photosensitivity_hours` of the sessions (0 without sessions).
    public static let longestPhotosensitivity = ProtocolReadout(
        name: "photosensitivity_hours", unit: "h", meaning: "longest photosensitivity after a session", uses: .quantity,
        value: .derived { result, _ in result.sessions.map(\.result.photosensitivityHours).max() ?? 0 })

    /// Every protocol readout, in order.
    public static let all: [ProtocolReadout] = [
        reductionOnEvaluationDay, peakReduction, peakDay, meanReduction, minimumReduction, daysAtOrAboveTarget,
        effectDuration, effectDurationCensored, sessions, sessionsPerYear, totalIncidentFluence,
        totalPpixWeightedFluence, totalLightOnMinutes, longestPhotosensitivity,
    ]

    /// The readouts of `summary.json` and of ensemble rows, in order.
    public static let summary = all.filter { $0.uses.contains(.summary) }

    /// The named quantities of `pdtsim optimize`, in order.
    public static let quantities = all.filter { $0.uses.contains(.quantity) }

    /// The readout whose `name` is `name`, or nil.
    public static func named(_ name: String) -> ProtocolReadout? { all.first { $0.name == name } }
}
