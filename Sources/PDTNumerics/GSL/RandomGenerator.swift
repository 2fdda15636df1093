import CGSL

/// A seeded Mersenne Twister (`gsl_rng_mt19937`, Matsumoto & Nishimura 1998): the one place that
/// makes a GSL generator, and the one source of pseudo-random numbers of pdtsim's designs,
/// bootstraps, quasi-random randomisations (`QuasiRandomSequence`) and synthetic data.
///
/// One generator per thread: it is a reference to mutable C state and is deliberately not
/// `Sendable`. The same seed gives the same stream on every platform GSL runs on.
///
/// Several streams from one user seed s: stream k is seeded with `seed(s, stream: k)` = s + k
/// (modulo 2⁶⁴), so stream 0 is the seed itself (cohort correlation reordering is stream 1 of the
/// cohort seed; calibration's synthetic draw d is stream d). The photon transport, which needs
/// thousands of short-lived streams on any thread, keys a value-type generator by (seed, batch)
/// instead (`SplitMix64(seed:batch:)`).
public final class RandomGenerator {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// A generator seeded with `seed` (`gsl_rng_set`). GSL's mt19937 takes an `unsigned long` seed
    /// and replaces 0 by its default seed 4357, so seeds 0 and 4357 give the same stream.
    public init(seed: UInt64) {
        GSL.prepare()
        guard let rng = gsl_rng_alloc(pdt_rng_mt19937()) else {
            preconditionFailure("gsl_rng_alloc failed: out of memory")
        }
        self.rng = rng
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    /// The seed of stream `stream` of the user seed `seed`: seed + stream modulo 2⁶⁴ (see the type).
    public static func seed(_ seed: UInt64, stream: Int) -> UInt64 {
        precondition(stream >= 0, "stream \(stream)")
        return seed &+ UInt64(stream)
    }

    /// A uniform number in the open interval (0, 1) (`gsl_rng_uniform_pos`): never 0, so inverse
    /// CDFs of unbounded distributions stay finite.
    public func uniform() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform number in the half-open interval [0, 1) (`gsl_rng_uniform`).
    public func halfOpenUniform() -> Double { gsl_rng_uniform(rng) }

    /// A Gaussian number with mean 0 and standard deviation `sigma` (`gsl_ran_gaussian`, Box–Muller).
    public func gaussian(_ sigma: Double) -> Double { gsl_ran_gaussian(rng, sigma) }

    /// A uniform integer in 0 ..< `bound` (`gsl_rng_uniform_int`); precondition: 1 ≤ bound ≤ 2³².
    public func integer(below bound: Int) -> Int {
        precondition(bound >= 1 && UInt64(bound) <= 1 << 32, "integer(below:) needs 1 ≤ bound ≤ 2³², got \(bound)")
        return Int(gsl_rng_uniform_int(rng, UInt(bound)))
    }

    /// The next raw 32-bit output of the generator (`gsl_rng_get`; mt19937 fills all 32 bits).
    public func bits32() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }

    /// A uniformly random permutation of 0 ..< `count` (`gsl_ran_shuffle`, Knuth's algorithm P).
    public func permutation(_ count: Int) -> [Int] {
        var items = Array(0..<count)
        guard count > 1 else { return items }
        items.withUnsafeMutableBytes { buffer in
            gsl_ran_shuffle(rng, buffer.baseAddress, count, MemoryLayout<Int>.stride)
        }
        return items
    }
}
