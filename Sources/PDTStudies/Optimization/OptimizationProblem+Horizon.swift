import PDTCore
import PDTNumerics

extension OptimizationProblem {
    /// The shortest horizon a point of the search can have, days: the lowest value of
    /// `schedule.horizon_days` when it is a decision variable, else the base protocol's horizon;
    /// nil when the base protocol cannot be built (its own check reports why).
    public var shortestHorizonDays: Int? {
        let key = "\(Section.schedule.rawValue).\(ScheduleParameters.horizon.key)"
        if let variable = variables.first(where: { $0.key == key }) {
            switch variable.domain {
            case .interval(let lower, _): return Int(lower.rounded(.up))
            case .values(let values): return values.min().map { Int($0) }
            }
        }
        return try? ScheduleParameters.build(base.reader(.schedule)).horizonDays
    }

    /// Refuses a quantity that reads a day after the shortest horizon (`reduction_on_day_N_percent`,
    /// a timeline window's `to_day`): it would have no value at some point of the search.
    /// - Throws: `ModelError` at `location`, naming the day and the horizon.
    public func checkWithinHorizon(_ quantity: Quantity, at location: String) throws(ModelError) {
        guard let day = quantity.lastDay, let horizon = shortestHorizonDays, day > horizon else { return }
        let variable = variables.contains { $0.key == "\(Section.schedule.rawValue).\(ScheduleParameters.horizon.key)" }
        throw ModelError(
            location,
            "day \(day) lies beyond the horizon (schedule.horizon_days = \(horizon)\(variable ? " at its lowest value" : "")); expected days ≤ \(horizon)"
        )
    }
}
