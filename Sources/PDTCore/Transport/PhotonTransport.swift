import Foundation

/// MCML's photon-packet Monte Carlo for a layered medium under a broad collimated beam (Wang,
/// Jacques & Zheng 1995, "MCML — Monte Carlo modeling of light transport in multi-layered
/// tissues"), for one batch of packets with its own random stream.
///
/// Each packet starts at the surface going straight down with weight 1 − R_sp and repeats:
/// - step s = −ln ξ / μt in its layer; when the step would cross the layer's top or bottom, the
///   packet moves to the boundary and keeps the remaining optical depth (s − d_b)·μt, which is
///   rescaled by the next layer's μt;
/// - at a boundary, unpolarised Fresnel reflectance R(θ) (1 beyond the critical angle) decides by
///   one random number whether the whole packet is reflected or transmitted (MCML's default
///   "all-or-none" or statistical reflection, PARTIALREFLECTION 0); a transmitted packet refracts
///   by Snell's law, or escapes and is scored as diffuse reflectance (top) or transmittance (bottom);
/// - otherwise it interacts: the weight w·μa/μt is absorbed (scored in its layer), w/μt is scored
///   in the fluence bin of its depth, and it scatters by Henyey–Greenstein,
///   cos θ = (1 + g² − ((1 − g²)/(1 − g + 2gξ))²)/(2g) (cos θ = 2ξ − 1 for g = 0), ψ = 2πξ;
/// - below weight 10⁻⁴ it plays Russian roulette: it survives with probability 1/10 and weight ×10.
struct PhotonTransport: Sendable {
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
    let binCm: Double
    let bins: Int

    init(medium: LayeredMedium, binCm: Double, bins: Int) {
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
        self.binCm = binCm
        self.bins = bins
    }

    /// Runs `photons` packets with the stream of (`seed`, `batch`) and returns their scores and
    /// steps; once more than `maxSteps` steps are taken the batch stops, marked `exhausted`.
    func run(photons: Int, seed: UInt64, batch: Int, maxSteps: Int = .max) -> TransportTally {
        var tally = TransportTally(photons: photons, layers: indices.count, bins: bins)
        var random = SplitMix64(seed: seed, batch: UInt64(batch))
        for _ in 0..<photons {
            trace(&random, &tally, maxSteps: maxSteps)
            if tally.steps > maxSteps {
                tally.exhausted = true
                break
            }
        }
        return tally
    }

    /// Follows one packet from launch until it escapes or dies in the roulette.
    @inline(__always)
    private func trace(_ random: inout SplitMix64, _ tally: inout TransportTally, maxSteps: Int) {
        let lastLayer = indices.count - 1
        var weight = launchWeight
        var z = 0.0
        var ux = 0.0
        var uy = 0.0
        var uz = 1.0
        var layer = 0
        var remainingDepth = 0.0
        while tally.steps <= maxSteps {
            tally.steps += 1
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
                z += distance * uz
                // Cross or reflect at the boundary (all-or-none).
                let down = uz > 0
                let next = down ? layer + 1 : layer - 1
                let incident = indices[layer]
                let beyond = next < 0 ? ambientAbove : (next > lastLayer ? ambientBelow : indices[next])
                let (r, transmittedCosine) = Fresnel.reflectance(
                    incident: incident, transmitted: beyond, cosine: abs(uz))
                if random.uniform() >= r {
                    if next < 0 {
                        tally.reflected += weight
                        return
                    }
                    if next > lastLayer {
                        tally.transmitted += weight
                        return
                    }
                    let ratio = incident / beyond
                    ux *= ratio
                    uy *= ratio
                    uz = down ? transmittedCosine : -transmittedCosine
                    layer = next
                    z = down ? tops[layer] : bottoms[layer]
                } else {
                    z = down ? bottoms[layer] : tops[layer]
                    uz = -uz
                }
            } else {
                z += step * uz
                let absorbed = weight * mua[layer] / interaction
                if z >= 0 {
                    let bin = Int(z / binCm)
                    if bin < bins { tally.fluence[bin] += weight / interaction }
                }
                tally.absorbedByLayer[layer] += absorbed
                weight -= absorbed
                scatter(g[layer], &ux, &uy, &uz, &random)
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
        _ g: Double, _ ux: inout Double, _ uy: inout Double, _ uz: inout Double, _ random: inout SplitMix64
    ) {
        let cost: Double
        if g == 0 {
            cost = 2 * random.uniform() - 1
        } else {
            let t = (1 - g * g) / (1 - g + 2 * g * random.uniform())
            cost = min(1, max(-1, (1 + g * g - t * t) / (2 * g)))
        }
        let sint = (1 - cost * cost).squareRoot()
        let psi = 2 * Double.pi * random.uniform()
        let cosp = cos(psi)
        let sinp = sin(psi)
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
