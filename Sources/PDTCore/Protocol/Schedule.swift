/// When sessions happen (Models/MODEL.md §7), in whole days from the first session (day 0).
public struct Schedule: Sendable, Equatable {
    /// Sessions in the initial series, and their spacing in days.
    public var initialSessions: Int
    public var spacingDays: Int
    /// Maintenance interval after the series, days; 0 means none.
    public var maintenanceIntervalDays: Int
    /// The response is followed over days 0 … horizon.
    public var horizonDays: Int
    /// An explicit list of session days replacing the regular series, when present.
    public var sessionDays: [Int]?

    public init(
        initialSessions: Int, spacingDays: Int, maintenanceIntervalDays: Int, horizonDays: Int,
        sessionDays: [Int]? = nil
    ) {
        self.initialSessions = initialSessions
        self.spacingDays = spacingDays
        self.maintenanceIntervalDays = maintenanceIntervalDays
        self.horizonDays = horizonDays
        self.sessionDays = sessionDays
    }

    /// The session days in order: the explicit list, or 0, s, 2s, … for the initial series, then
    /// last + m, last + 2m, … while < horizon.
    public var days: [Int] {
        if let sessionDays { return sessionDays }
        var days = (0..<initialSessions).map { $0 * spacingDays }
        if maintenanceIntervalDays > 0, var next = days.last.map({ $0 + maintenanceIntervalDays }) {
            while next < horizonDays {
                days.append(next)
                next += maintenanceIntervalDays
            }
        }
        return days
    }
}

/// Settings of the protocol readouts (Models/MODEL.md §7).
public struct ReadoutSettings: Sendable, Equatable {
    /// The evaluation day E.
    public var evaluationDay: Int
    /// The target reduction T, %.
    public var targetPercent: Double
}
