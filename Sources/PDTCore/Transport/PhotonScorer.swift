/// What a `PhotonTracer` scores as it follows packets: the tracer calls these hooks at the events
/// of MCML's loop, and the scorer adds the packet's weight to its tallies (diffuse reflectance and
/// transmittance, absorption by layer and collision fluence in `PhotonTransport`; track lengths in
/// depth cells in `CellPhotonTransport`).
///
/// The tracer is generic over its scorer, so each scorer gets its own specialised loop with the
/// hooks inlined: no existential and no indirect call in the hot loop.
protocol PhotonScorer {
    /// How a scattering draws its uniform azimuth ψ ∈ [0, 2π).
    static var azimuth: AzimuthSampling { get }

    /// A packet is launched at the surface, going straight down.
    mutating func launch()

    /// A straight flight of the packet with weight `weight` from depth `z0` to depth `z1` (cm),
    /// `length` cm long, to an interaction or to a layer boundary.
    mutating func flight(from z0: Double, to z1: Double, length: Double, weight: Double)

    /// An interaction at depth `z` in layer `layer` (μt = `mut` per cm) of a packet of weight
    /// `weight`, which deposits `absorbed` = weight·μa/μt there and scatters.
    mutating func interaction(at z: Double, layer: Int, weight: Double, absorbed: Double, mut: Double)

    /// The packet stays in the medium at the boundary depth `z`, reflected or transmitted.
    mutating func stays(atBoundary z: Double)

    /// The packet escapes with weight `weight` through the top surface (`top`) or the bottom.
    mutating func escapes(top: Bool, weight: Double)

    /// After a scattering at depth `z`: a roulette of the scorer's own, drawing from `random`,
    /// that may change `weight`; false when the packet dies.
    mutating func survives(scatteringAt z: Double, weight: inout Double, random: inout SplitMix64) -> Bool
}

/// How a scattering draws its uniform azimuth ψ: both give the uniform ψ of MCML, from different
/// random numbers.
enum AzimuthSampling: Sendable {
    /// MCML's ψ = 2πξ, cos ψ and sin ψ by trigonometry (one random number).
    case angle
    /// (x, y) uniform in the unit disc by rejection from the square, cos ψ = (x² − y²)/s and
    /// sin ψ = 2xy/s with s = x² + y² (no trigonometry; two random numbers a try, 4/π tries on average).
    case disc
}
