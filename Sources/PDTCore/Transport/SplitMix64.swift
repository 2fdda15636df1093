/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a 64-bit state that
/// advances by the odd constant γ = 0x9E3779B97F4A7C15 and is passed through a bijective mixer,
/// x ← (x ⊕ x≫30)·0xBF58476D1CE4E5B9, x ← (x ⊕ x≫27)·0x94D049BB133111EB, x ← x ⊕ x≫31.
///
/// Written out rather than taken from GSL because the transport needs one independent,
/// reproducible stream per batch of photons keyed by (seed, batch index), created and discarded
/// thousands of times per run on any thread: a counter-style generator whose whole state is one
/// value type. GSL's generators are heap objects seeded by one `unsigned long` and reached through
/// global type pointers. Checked against the published outputs for state 0
/// (0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, …); SplitMix64 passes BigCrush. It is also the
/// seeded `RandomNumberGenerator` of the tests (fuzz campaigns, random matrices and states).
struct SplitMix64: Sendable, RandomNumberGenerator {
    /// The Weyl-sequence state.
    var state: UInt64

    init(state: UInt64) { self.state = state }

    /// The stream of batch `batch` of a run with seed `seed`: the state is the mixer applied twice
    /// to the seed and the batch index, so that neighbouring seeds and batches start far apart.
    init(seed: UInt64, batch: UInt64) {
        let key = Self.mix(Self.mix(seed &+ 0x9E37_79B9_7F4A_7C15) ^ (batch &* 0xD1B5_4A32_D192_ED03))
        state = Self.mix(key &+ batch)
    }

    /// The SplitMix64 output function (a bijection of 64-bit words).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64-bit output.
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform number in [0, 1): the top 53 bits times 2⁻⁵³.
    @inline(__always)
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform number in (0, 1]: (top 53 bits + 1) times 2⁻⁵³, safe for −ln ξ.
    @inline(__always)
    mutating func uniformPositive() -> Double { Double((next() >> 11) + 1) * 0x1p-53 }
}
