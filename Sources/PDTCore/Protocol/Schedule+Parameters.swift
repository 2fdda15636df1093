import PDTNumerics

/// The schedule section (Models/MODEL.md §7), declared once.
public enum ScheduleParameters: SectionDeclaration {
    /// The longest horizon, days: ten years of follow-up.
    public static let longestHorizonDays = 3650.0
    /// The most sessions a schedule may hold (a session a month for over three years; it bounds
    /// the costliest run).
    public static let maximumSessions = 40

    public static let initialSessions = ParameterSpec(
        "initial_sessions", .integer(.closed(1, Double(maximumSessions))), unit: "1", required: false,
        "sessions in the initial series", range: "at most the sessions a schedule may hold")
    public static let spacing = ParameterSpec(
        "spacing_days", .integer(.closed(1, longestHorizonDays)), unit: "d", required: false,
        "days between sessions of the initial series", range: "a day to the longest horizon")
    public static let maintenanceInterval = ParameterSpec(
        "maintenance_interval_days", .integer(.closed(0, longestHorizonDays)), unit: "d", required: false,
        "days between maintenance sessions after the series; 0 = none", range: "none (0) to the longest horizon")
    public static let sessionDays = ParameterSpec(
        "session_days", .integerList(.closed(0, longestHorizonDays)), unit: "d", required: false,
        "explicit session days (instead of the series keys)", range: "days within the longest horizon")
    public static let horizon = ParameterSpec(
        "horizon_days", .integer(.closed(1, longestHorizonDays)), unit: "d", "days the response is followed",
        range: "a day to ten years")

    public static let parameters = [initialSessions, spacing, maintenanceInterval, sessionDays, horizon]

    /// Keys of the regular series, which an explicit `session_days` list replaces.
    public static let series = [initialSessions, spacing, maintenanceInterval]

    public static var alternatives: [Alternative] {
        [Alternative([sessionDays], series, expectation: "one or the other")]
    }

    public static func build(_ p: ParameterReader) throws(ModelError) -> Schedule {
        let horizonDays = try p.integer(horizon)
        let schedule: Schedule
        if p.has(sessionDays) {
            let days = try p.integers(sessionDays)
            guard !days.isEmpty else {
                throw ModelError(p.location(sessionDays), "is empty; expected at least one session day")
            }
            for (a, b) in zip(days, days.dropFirst()) where b <= a {
                throw ModelError(
                    p.location(sessionDays), "day \(b) follows day \(a); expected strictly increasing days")
            }
            schedule = Schedule(
                initialSessions: days.count, spacingDays: 0, maintenanceIntervalDays: 0, horizonDays: horizonDays,
                sessionDays: days)
        } else {
            for spec in series where !p.has(spec) {
                throw ModelError(
                    p.location,
                    "schedule.\(spec.key) is missing; expected it, or an explicit schedule.session_days list")
            }
            schedule = Schedule(
                initialSessions: try p.integer(initialSessions), spacingDays: try p.integer(spacing),
                maintenanceIntervalDays: try p.integer(maintenanceInterval), horizonDays: horizonDays)
        }
        let count = schedule.days.count
        guard count <= maximumSessions else {
            throw ModelError(
                p.blame(sessionDays, maintenanceInterval, horizon, initialSessions),
                "the schedule holds \(count) sessions; expected at most \(maximumSessions)")
        }
        return schedule
    }
}
