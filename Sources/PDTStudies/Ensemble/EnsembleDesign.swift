import PDTCore
import PDTNumerics

/// The points of an ensemble: an indexable list, point i being a list of typed overrides of the
/// resolved base protocol (or of the point's own base, `base(at:)`), applied as `--set` applies
/// them (`ProtocolDefinition.apply(_:sections:)`).
///
/// A design is a value computed on demand (point i from i alone), never a stored list, so a
/// design of millions of points costs no memory: a sweep's grid (`SweepDesign`), the intervals of
/// a maintenance study (`IntervalDesign`), cohort subjects, Sobol/Morris rows and optimiser
/// batches are all designs. A design must be pure: `overrides(at:)` gives the same list for the
/// same index on any thread.
public protocol EnsembleDesign: Sendable {
    /// The number of points; indices run over 0..<pointCount.
    var pointCount: Int { get }
    /// The overrides of point `index`, applied in order to the base protocol.
    /// - Throws: `ModelError` at the override's flag when a value given as text is not a value of
    ///   its key (a sweep's `--vary light.center_nm=abc`); such a design refuses the run before any
    ///   point is simulated (`Ensemble.InvalidPoints.refuseRun`).
    func overrides(at index: Int) throws(ModelError) -> [EnsembleOverride]
    /// The protocol the overrides of point `index` apply to; nil (the default): the ensemble's
    /// base. A calibration's points are the subjects of several arms (`CalibrationDesign`).
    func base(at index: Int) -> ProtocolDefinition?
}

extension EnsembleDesign {
    /// Every point overrides the ensemble's base.
    public func base(at index: Int) -> ProtocolDefinition? { nil }
}

/// One override of a design point and the flag that gave it, for messages.
public struct EnsembleOverride: Sendable, Hashable {
    public var override: Override
    /// The command-line flag the override comes from (`--vary`, `--intervals`), or a design's name.
    public var flag: String

    public init(_ override: Override, flag: String) {
        self.override = override
        self.flag = flag
    }

    /// The key path set to the text `text`, read as `--set` reads it (`Override(path:text:)`).
    /// - Throws: `ModelError` at `location(flag:assignment:)` with the parser's problem.
    public init(path: String, text: String, flag: String) throws(ModelError) {
        do {
            self.init(try Override(path: path, text: text), flag: flag)
        } catch {
            throw Self.relocated(error, to: Self.location(flag: flag, assignment: "\(path)=\(text)"))
        }
    }

    /// `path=text`.
    public var assignment: String { override.assignment }

    /// `flag path=text`, where a message places the mistake.
    public var location: String { Self.location(flag: flag, assignment: assignment) }

    static func location(flag: String, assignment: String) -> String { "\(flag) \(assignment)" }

    /// An error of parsing or applying an override, placed at `location`: its problem alone when it
    /// was located at the `--set` key, else the whole message (a preset file that cannot be read).
    static func relocated(_ error: ModelError, to location: String) -> ModelError {
        ModelError(location, error.location.hasPrefix("--set") ? error.problem : error.description)
    }
}

/// The maintenance intervals of a study as a design: point i sets
/// `schedule.maintenance_interval_days` to the i-th interval.
public struct IntervalDesign: EnsembleDesign {
    /// Days between maintenance sessions, in the order of the points.
    public let intervals: [Int]

    public init(intervals: [Int]) { self.intervals = intervals }

    public var pointCount: Int { intervals.count }

    public func overrides(at index: Int) -> [EnsembleOverride] {
        [
            EnsembleOverride(
                Override(
                    section: .schedule, key: ScheduleParameters.maintenanceInterval.key,
                    number: Double(intervals[index])),
                flag: "--intervals")
        ]
    }
}

/// An explicit list of points: for designs that are not a grid, such as the batches an optimiser
/// or a calibration step asks for. Point i applies `points[i]` in order.
public struct ListDesign: EnsembleDesign, Equatable {
    public let points: [[EnsembleOverride]]

    public init(points: [[EnsembleOverride]]) { self.points = points }

    public var pointCount: Int { points.count }

    public func overrides(at index: Int) -> [EnsembleOverride] { points[index] }
}
