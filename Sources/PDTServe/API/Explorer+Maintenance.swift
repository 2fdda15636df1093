import PDTCore
import PDTNumerics
import PDTStudies

extension Explorer {
    /// The intervals of `pdtsim maintenance` when a request names none.
    static let defaultIntervals = [0, 30, 60, 90, 120, 180]

    /// `pdtsim maintenance` of the request's protocol, in memory: `maintenance.csv` as a table.
    /// - Parameters:
    ///   - intervals: distinct whole numbers of days ≥ 0 (checked by the caller).
    ///   - horizonDays: `--horizon`, applied as `schedule.horizon_days` as the command does.
    func maintenance(_ request: ProtocolRequest, intervals: [Int], horizonDays: Int?) throws -> CSVTable {
        let extra =
            horizonDays.map { [Override(section: .schedule, key: ScheduleParameters.horizon.key, number: Double($0))] }
            ?? []
        let definition = try request.definition(library, extra: extra)
        let study = try MaintenanceStudy(library: library, data: data, base: definition, intervals: intervals)
        return try study.run(jobs: 1).summary
    }
}
