/// One piece of a piecewise-defined problem: `system` holds from the end of the previous segment (or
/// the start) up to `end`, in units of t.
public struct ODESegment: Sendable {
    /// The time at which this segment ends.
    public var end: Double
    /// The system in force during the segment.
    public var system: ODESystem

    public init(end: Double, system: ODESystem) {
        self.end = end
        self.system = system
    }
}
