import Foundation
import PDTNumerics

/// A protocol as read from model files and overrides: every section's parameters with their
/// provenance. `resolve` turns it into the typed `TreatmentProtocol` the simulator runs.
public struct ProtocolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The file the protocol came from.
    public var origin: String
    public var sections: [Section: SectionValues]
    /// The protocol files read, the named one first, then those it extends.
    public var protocolFiles: [String] = []
    /// The model folder the protocol was loaded from (for the reference data it uses).
    public var libraryRoot: String?

    /// The `format_version` of protocol files: the one pdtsim reads and writes (`show --json`,
    /// protocol.json).
    public static let formatVersion = 1

    public init(name: String, description: String, origin: String, sections: [Section: SectionValues]) {
        self.name = name
        self.description = description
        self.origin = origin
        self.sections = sections
    }

    /// Checks every section and the constraints between them (`resolve` without its result).
    public func validate() throws(ModelError) { _ = try build() }

    /// The typed protocol, after the checks of `validate()`. Every section is already loaded.
    public func resolve() throws(ModelError) -> TreatmentProtocol { try build() }

    /// A reader of `section`, complete (every required parameter present).
    package func reader(_ section: Section) throws(ModelError) -> ParameterReader {
        guard let values = sections[section] else {
            throw ModelError(origin, "\(section.rawValue) is missing; expected a preset name or an inline section")
        }
        let reader = ParameterReader(values, location: origin)
        for spec in section.specs where spec.required { _ = try reader.parameter(spec) }
        return reader
    }

    /// Builds every section from its declaration, then checks the constraints between sections.
    package func build() throws(ModelError) -> TreatmentProtocol {
        let cream = try CreamParameters.build(reader(.cream))
        let light = try LightParameters.build(reader(.light))
        let skin = try SkinParameters.build(reader(.skin))
        let grid = try GridParameters.build(reader(.grid))
        let kinetics = try KineticsParameters.build(reader(.kinetics))
        let response = try ResponseParameters.build(reader(.response))
        let solver = try SolverParameters.build(reader(.solver))
        let session = try SessionParameters.build(reader(.session))
        let schedule = try ScheduleParameters.build(reader(.schedule))
        let readouts = try ReadoutParameters.build(reader(.readouts))
        guard skin.sebaceousBottomCm <= grid.depthCm else {
            throw ModelError(
                blame((.skin, SkinParameters.sebaceousBottom), (.grid, GridParameters.depth)),
                "\(formatNumber(skin.sebaceousBottomCm)) cm lies below the grid (grid.depth_cm = \(formatNumber(grid.depthCm)) cm); expected z_bottom ≤ L"
            )
        }
        try checkTimeline(schedule: schedule, light: light, session: session, readouts: readouts.settings)
        return TreatmentProtocol(
            name: name, cream: cream, light: light, skin: skin, grid: grid, kinetics: kinetics, response: response,
            session: session.settings(photosensitivityThresholdUM: readouts.photosensitivityThresholdUM),
            solver: solver, schedule: schedule, readouts: readouts.settings)
    }

    /// Sessions fit between each other (incubation + illumination + after-care within the gap to
    /// the next session), fall before the horizon, and the evaluation day lies within it.
    func checkTimeline(
        schedule: Schedule, light: LightSource, session: SessionParameters.Value, readouts: ReadoutSettings
    ) throws(ModelError) {
        let days = schedule.days
        let explicit = schedule.sessionDays != nil
        let scheduleKeys: [(Section, ParameterSpec)] =
            explicit
            ? [(.schedule, ScheduleParameters.sessionDays)]
            : [(.schedule, ScheduleParameters.spacing), (.schedule, ScheduleParameters.initialSessions)]
        let illumination = light.intervals.reduce(0) { $0 + $1.seconds }
        let lasting = session.incubationSeconds + illumination + session.aftercareHours * 3600
        for (a, b) in zip(days, days.dropFirst()) where Double(b - a) * 86_400 < lasting {
            let causes: [(Section, ParameterSpec)] = [
                (.light, LightParameters.duration), (.light, LightParameters.fluence),
                (.light, LightParameters.irradiance), (.light, LightParameters.fractionOn),
                (.light, LightParameters.fractionOff), (.session, SessionParameters.incubation),
                (.session, SessionParameters.aftercare),
            ]
            throw ModelError(
                blame(scheduleKeys + causes),
                "sessions on days \(a) and \(b) are closer than a session lasts (\(hours(lasting)) h: incubation \(hours(session.incubationSeconds)) h + illumination \(hours(illumination)) h + after-care \(hours(session.aftercareHours * 3600)) h); expected sessions at least that far apart"
            )
        }
        let horizon = schedule.horizonDays
        if let last = days.last, last >= horizon {
            throw ModelError(
                blame(scheduleKeys + [(.schedule, ScheduleParameters.horizon)]),
                "a session falls on day \(last), not before the horizon (horizon_days = \(horizon)); expected every session day < horizon_days"
            )
        }
        guard readouts.evaluationDay <= horizon else {
            throw ModelError(
                blame((.readouts, ReadoutParameters.evaluationDay), (.schedule, ScheduleParameters.horizon)),
                "evaluation day \(readouts.evaluationDay) (readouts.evaluation_day) lies beyond the horizon (schedule.horizon_days = \(horizon)); expected an evaluation day ≤ horizon"
            )
        }
    }

    /// Seconds as hours with up to three decimals, for messages.
    private func hours(_ seconds: Double) -> String { formatNumber((seconds / 3.6).rounded() / 1000) }

    /// Where the first of `candidates` that was set by `--set` was set, else the first one set in
    /// a file: a message about several keys blames what the user changed.
    func blame(_ candidates: (Section, ParameterSpec)...) -> String { blame(candidates) }

    func blame(_ candidates: [(Section, ParameterSpec)]) -> String {
        let set = candidates.filter { sections[$0.0]?.values[$0.1.key] != nil }
        let chosen = set.first { sections[$0.0]?.values[$0.1.key]?.origin == "--set" } ?? set.first ?? candidates[0]
        return sections[chosen.0]?.location(chosen.1.key) ?? "\(origin): \(chosen.0.rawValue).\(chosen.1.key)"
    }

    /// The protocol as a model file with every section inline: loading it gives this protocol back.
    public var json: JSONOutput {
        var pairs: [(String, JSONOutput)] = [
            ("format_version", .integer(Self.formatVersion)), ("kind", .string("protocol")),
            ("name", .string(name)), ("description", .string(description)),
        ]
        for section in Section.allCases {
            guard let values = sections[section] else { continue }
            var parameters: [(String, JSONOutput)] = []
            for spec in section.specs {
                guard let p = values.values[spec.key] else { continue }
                var entry: [(String, JSONOutput)] = [("value", p.value.json)]
                if let unit = p.unit { entry.append(("unit", .string(unit))) }
                entry.append(("source", .string(p.source)))
                parameters.append((spec.key, .object(entry)))
            }
            pairs.append((section.rawValue, .object([("parameters", .object(parameters))])))
        }
        return .object(pairs)
    }

    /// The preset each section started from (informational).
    public var presets: [(Section, String)] {
        Section.allCases.compactMap { section in sections[section]?.preset.map { (section, $0) } }
    }
}
