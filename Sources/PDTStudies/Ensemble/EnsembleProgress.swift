/// How far an ensemble run is, reported after each point and while waiting.
public struct EnsembleProgress: Sendable, Equatable {
    /// Points done (resumed ones included), of `total` for this slice.
    public var done: Int
    public var total: Int
    /// Points found done at the start (a resumed partial file).
    public var resumed: Int
    /// Failed points so far.
    public var failed: Int
    /// Seconds since this run started simulating.
    public var elapsedSeconds: Double

    public init(done: Int, total: Int, resumed: Int, failed: Int, elapsedSeconds: Double) {
        self.done = done
        self.total = total
        self.resumed = resumed
        self.failed = failed
        self.elapsedSeconds = elapsedSeconds
    }

    /// Points simulated per second in this run (0 before the first).
    public var pointsPerSecond: Double { elapsedSeconds > 0 ? Double(done - resumed) / elapsedSeconds : 0 }

    /// Estimated seconds left at the current rate; nil before the first point completes.
    public var secondsLeft: Double? {
        pointsPerSecond > 0 ? Double(total - done) / pointsPerSecond : nil
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
