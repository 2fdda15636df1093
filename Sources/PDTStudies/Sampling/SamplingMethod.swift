/// How the points of a design are spread over the unit cube (0, 1)^D.
public enum SamplingMethod: String, Sendable, CaseIterable, Equatable {
    /// Independent uniform numbers from the seeded Mersenne Twister.
    case random
    /// Latin hypercube (McKay, Beckman & Conover 1979): each coordinate hits each of N strata once.
    case latinHypercube = "latin_hypercube"
    /// The Sobol sequence of GSL with a random digital shift drawn from the seed.
    case sobol
}
