import PDTNumerics

/// One of N deterministic slices of an ensemble (`--shard I/N` of sweep, cohort, sensitivity): the
/// points whose index i satisfies i mod N = I. Round-robin spreads expensive regions evenly, and
/// the N slices are disjoint, cover every point, and differ in size by at most one.
public struct EnsembleShard: Sendable, Equatable {
    /// I, with 0 ≤ I < N.
    public let index: Int
    /// N ≥ 1.
    public let count: Int

    /// The whole ensemble as one slice.
    public static let whole = EnsembleShard(index: 0, count: 1)

    /// Precondition: 0 ≤ index < count.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "shard \(index)/\(count) is not 0 ≤ I < N")
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    /// - Throws: `ModelError` at `--shard TEXT` unless TEXT is two whole numbers with 0 ≤ I < N; for
    ///   I = N (numbering from 1) the message names the right form, (N − 1)/N.
    public init(text: String) throws(ModelError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
            if parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i == n {
                throw ModelError(
                    "--shard \(text)",
                    "shards are numbered from 0, so the \(n) shards are 0/\(n) \(n == 2 ? "and" : "…") \(n - 1)/\(n): for the last one use --shard \(n - 1)/\(n)"
                )
            }
            throw ModelError("--shard \(text)", "expected I/N with whole numbers 0 ≤ I < N, e.g. 0/4")
        }
        self.init(index: i, count: n)
    }

    /// The indices of this slice among `pointCount` points, increasing.
    public func indices(of pointCount: Int) -> StrideTo<Int> { stride(from: index, to: pointCount, by: count) }

    /// The number of points in this slice: ⌈(pointCount − I)/N⌉, or 0.
    public func size(of pointCount: Int) -> Int { pointCount > index ? (pointCount - index - 1) / count + 1 : 0 }

    /// The slice as written in an ensemble's sidecar (`shard`).
    public func json(pointCount: Int) -> JSONOutput {
        .object([
            ("index", .integer(index)), ("count", .integer(count)),
            ("rule", .string("the points whose index mod count equals index")),
            ("first_index", .integer(index)), ("index_step", .integer(count)),
            ("points", .integer(size(of: pointCount))),
        ])
    }
}
