/// The points of an ensemble: an indexable list, point i being a set of overrides of the resolved
/// base protocol, applied as `--set` applies them (`ProtocolDefinition.set(path:text:library:)`).
///
/// A design is a value computed on demand (point i from i alone), never a stored list, so a
/// design of millions of points costs no memory: a sweep's grid (`SweepDesign`), the intervals of
/// a maintenance study (`IntervalDesign`), and the coming cohort subjects, Sobol/Morris rows,
/// calibration arms × points and optimiser batches are all designs. A design must be pure:
/// `overrides(at:)` gives the same list for the same index on any thread.
public protocol EnsembleDesign: Sendable {
    /// The number of points; indices run over 0..<pointCount.
    var pointCount: Int { get }
    /// The overrides of point `index`, applied in order to the base protocol.
    func overrides(at index: Int) -> [EnsembleOverride]
}

/// One assignment of a design point: a key path (as for `--set`: `section.parameter` or a section
/// name), the value as text, and the flag that gave it, for messages.
public struct EnsembleOverride: Sendable, Equatable, Hashable {
    public var path: String
    public var text: String
    /// The command-line flag the override comes from (`--vary`, `--intervals`), or a design's name.
    public var flag: String

    /// `path=text`.
    public var assignment: String { "\(path)=\(text)" }

    /// `flag path=text`, where a message places the mistake.
    public var location: String { "\(flag) \(assignment)" }
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
                path: "schedule.maintenance_interval_days", text: String(intervals[index]), flag: "--intervals")
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
