import Foundation

/// MCML's photon-packet Monte Carlo for a layered medium under a broad collimated beam (Wang,
/// Jacques & Zheng 1995, "MCML — Monte Carlo modeling of light transport in multi-layered
/// tissues"): the one loop that follows packets, generic over what it scores (`PhotonScorer`).
///
/// Each packet starts at the surface going straight down with weight 1 − R_sp and repeats:
/// - step s = −ln ξ / μt in its layer; when the step would cross the layer's top or bottom, the
///   packet moves to the boundary and keeps the remaining optical depth (s − d_b)·μt, which is
///   rescaled by the next layer's μt;
/// - at a boundary, unpolarised Fresnel reflectance R(θ) (1 beyond the critical angle, 0 for
///   matched indices) decides by one random number ξ whether the whole packet is reflected
///   (ξ < R) or transmitted (MCML's default "all-or-none" or statistical reflection,
///   PARTIALREFLECTION 0). As in MCML's `CrossUpOrNot`/`CrossDnOrNot`, ξ is drawn at every
///   boundary, R = 0 included; a transmitted packet refracts by Snell's law, or escapes through the
///   top or the bottom;
/// - otherwise it interacts: the weight w·μa/μt is absorbed and it scatters by Henyey–Greenstein,
///   cos θ = (1 + g² − ((1 − g²)/(1 − g + 2gξ))²)/(2g) (cos θ = 2ξ − 1 for g = 0), with a uniform
///   azimuth ψ (`AzimuthSampling`); then the scorer may play a roulette of its own;
/// - below weight 10⁻⁴ it plays Russian roulette: it survives with probability 1/10 and weight ×10.
///
/// The scorer sees every flight, interaction, boundary and escape. One batch of packets runs on
/// one stream `SplitMix64(seed:batch:)`, so a batch's result depends only on (seed, batch).
struct PhotonTracer: Sendable {
    /// Roulette threshold weight (MCML's WEIGHT).
    static let rouletteThreshold = 1e-4
    /// Roulette survival probability (MCML's CHANCE).
    static let rouletteSurvival = 0.1

    let indices: [Double]
    let mua: [Double]
    let mut: [Double]
    let g: [Double]
    let tops: [Double]
    let bottoms: [Double]
    let ambientAbove: Double
    let ambientBelow: Double
    let launchWeight: Double

    init(medium: LayeredMedium) {
        let layers = medium.layers
        indices = layers.map(\.refractiveIndex)
        mua = layers.map(\.muaPerCm)
        mut = layers.map(\.mutPerCm)
        g = layers.map(\.anisotropyG)
        let boundaries = medium.boundariesCm
        tops = Array(boundaries.dropLast())
        bottoms = Array(boundaries.dropFirst())
        ambientAbove = medium.ambientAboveIndex
        ambientBelow = medium.ambientBelowIndex
        launchWeight = 1 - medium.specularReflectance
    }

    /// Runs `photons` packets with the stream of (`seed`, `batch`) into `scorer` and returns the
    /// packet steps taken (flights to an interaction or a boundary: the work, the same on any
    /// machine); once more than `maxSteps` steps are taken the batch stops, `exhausted`.
    func run<Scorer: PhotonScorer>(
        photons: Int, seed: UInt64, batch: Int, maxSteps: Int = .max, into scorer: inout Scorer
    ) -> (steps: Int, exhausted: Bool) {
        var random = SplitMix64(seed: seed, batch: UInt64(batch))
        var steps = 0
        for _ in 0..<photons {
            trace(&random, &scorer, steps: &steps, maxSteps: maxSteps)
            if steps > maxSteps { return (steps, true) }
        }
        return (steps, false)
    }

    /// Follows one packet from launch until it escapes or dies in a roulette, counting its steps
    /// into `steps` and stopping once they exceed `maxSteps`.
    @inline(__always)
    private func trace<Scorer: PhotonScorer>(
        _ random: inout SplitMix64, _ scorer: inout Scorer, steps: inout Int, maxSteps: Int
    ) {
        let lastLayer = indices.count - 1
        var weight = launchWeight
        var z = 0.0
        var ux = 0.0
        var uy = 0.0
        var uz = 1.0
        var layer = 0
        var remainingDepth = 0.0
        scorer.launch()
        while steps <= maxSteps {
            steps += 1
            let interaction = mut[layer]
            var step: Double
            if remainingDepth == 0 {
                step = -log(random.uniformPositive()) / interaction
            } else {
                step = remainingDepth / interaction
                remainingDepth = 0
            }
            var distance = Double.infinity
            if uz > 0 {
                distance = (bottoms[layer] - z) / uz
            } else if uz < 0 {
                distance = (tops[layer] - z) / uz
            }
            if step > distance {
                remainingDepth = (step - distance) * interaction
                let down = uz > 0
                let boundary = down ? bottoms[layer] : tops[layer]
                scorer.flight(from: z, to: boundary, length: distance, weight: weight)
                z = boundary
                // Cross or reflect at the boundary (all-or-none).
                let next = down ? layer + 1 : layer - 1
                let incident = indices[layer]
                let beyond = next < 0 ? ambientAbove : (next > lastLayer ? ambientBelow : indices[next])
                let (r, transmittedCosine) = Fresnel.reflectance(
                    incident: incident, transmitted: beyond, cosine: abs(uz))
                if random.uniform() >= r {
                    if next < 0 || next > lastLayer {
                        scorer.escapes(top: next < 0, weight: weight)
                        return
                    }
                    let ratio = incident / beyond
                    ux *= ratio
                    uy *= ratio
                    uz = down ? transmittedCosine : -transmittedCosine
                    layer = next
                } else {
                    uz = -uz
                }
                scorer.stays(atBoundary: z)
            } else {
                let end = z + step * uz
                scorer.flight(from: z, to: end, length: step, weight: weight)
                z = end
                let absorbed = weight * mua[layer] / interaction
                scorer.interaction(at: z, layer: layer, weight: weight, absorbed: absorbed, mut: interaction)
                weight -= absorbed
                scatter(g[layer], &ux, &uy, &uz, &random, azimuth: Scorer.azimuth)
                if !scorer.survives(scatteringAt: z, weight: &weight, random: &random) { return }
            }
            if weight < Self.rouletteThreshold {
                if weight == 0 { return }
                if random.uniform() < Self.rouletteSurvival {
                    weight /= Self.rouletteSurvival
                } else {
                    return
                }
            }
        }
    }

    /// Turns the direction (ux, uy, uz) by a Henyey–Greenstein polar angle and a uniform azimuth.
    @inline(__always)
    private func scatter(
        _ g: Double, _ ux: inout Double, _ uy: inout Double, _ uz: inout Double, _ random: inout SplitMix64,
        azimuth: AzimuthSampling
    ) {
        let cost: Double
        if g == 0 {
            cost = 2 * random.uniform() - 1
        } else {
            let t = (1 - g * g) / (1 - g + 2 * g * random.uniform())
            cost = min(1, max(-1, (1 + g * g - t * t) / (2 * g)))
        }
        let sint = (1 - cost * cost).squareRoot()
        let cosp: Double
        let sinp: Double
        switch azimuth {
        case .angle:
            let psi = 2 * Double.pi * random.uniform()
            cosp = cos(psi)
            sinp = sin(psi)
        case .disc:
            var x: Double
            var y: Double
            var s: Double
            repeat {
                x = 2 * random.uniform() - 1
                y = 2 * random.uniform() - 1
                s = x * x + y * y
            } while s > 1 || s == 0
            cosp = (x * x - y * y) / s
            sinp = 2 * x * y / s
        }
        if abs(uz) > 1 - 1e-12 {
            ux = sint * cosp
            uy = sint * sinp
            uz = uz > 0 ? cost : -cost
        } else {
            let temp = (1 - uz * uz).squareRoot()
            let newX = sint * (ux * uz * cosp - uy * sinp) / temp + ux * cost
            let newY = sint * (uy * uz * cosp + ux * sinp) / temp + uy * cost
            uz = -sint * cosp * temp + uz * cost
            ux = newX
            uy = newY
        }
    }
}
