import Foundation

/// MCML's photon-packet transport (as `PhotonTransport`: launch weight 1 − R_sp, steps −ln ξ/μt
/// with the remaining optical depth carried across boundaries, all-or-none Fresnel at every
/// interface, absorption of w·μa/μt at each interaction, Henyey–Greenstein scattering, weight
/// roulette below 10⁻⁴ with survival 1/10), scoring the fluence for the skin table:
///
/// - **Track-length estimator in depth cells.** Every straight flight of a packet with weight w
///   adds w·ℓ_j to cell j, ℓ_j the length of the flight inside the cell; the fluence per incident
///   fluence is the cell mean φ_j/E = Σ w ℓ_j / (N Δz_j). Between interactions the weight is
///   constant and interactions occur at rate μt along the track, so E[Σ w ℓ_j] equals the
///   collision estimator's E[Σ w/μt] (the absorbed weight / μa of MCML): the same mean, with much
///   less variance in cells thinner than a mean free path, which every packet crossing the cell
///   scores.
/// - **Depth roulette.** A packet that interacts deeper than `rouletteDepthCm` + i·`rouletteStepCm`
///   for the first time (i = 0, 1, …) survives with probability ½ with its weight doubled, else
///   dies. Any roulette with weight w/p on survival keeps every score's mean, so the fluence stays
///   unbiased; it removes the long walks of weakly absorbed (red) light far below the deepest cell,
///   which rarely come back to it.
///
/// The azimuth of a scattering is drawn without trigonometry: (x, y) uniform in the unit disc
/// (rejection from the square), cos ψ = (x² − y²)/s, sin ψ = 2xy/s with s = x² + y², which is
/// the uniform ψ of MCML.
struct CellPhotonTransport: Sendable {
    let indices: [Double]
    let mua: [Double]
    let mut: [Double]
    let g: [Double]
    let tops: [Double]
    let bottoms: [Double]
    let ambientAbove: Double
    let ambientBelow: Double
    let launchWeight: Double
    let boundaries: [Double]
    let rouletteDepthCm: Double
    let rouletteStepCm: Double

    /// Depth roulette survival probability.
    static let depthSurvival = 0.5

    init(medium: LayeredMedium, cells: FluenceCells, rouletteDepthCm: Double, rouletteStepCm: Double) {
        precondition(rouletteStepCm > 0, "a positive roulette step")
        let layers = medium.layers
        indices = layers.map(\.refractiveIndex)
        mua = layers.map(\.muaPerCm)
        mut = layers.map(\.mutPerCm)
        g = layers.map(\.anisotropyG)
        let b = medium.boundariesCm
        tops = Array(b.dropLast())
        bottoms = Array(b.dropFirst())
        ambientAbove = medium.ambientAboveIndex
        ambientBelow = medium.ambientBelowIndex
        launchWeight = 1 - medium.specularReflectance
        boundaries = cells.boundaries
        self.rouletteDepthCm = rouletteDepthCm
        self.rouletteStepCm = rouletteStepCm
    }

    /// Runs `photons` packets with the stream of (`seed`, `batch`) and returns Σ w ℓ_j per cell,
    /// and the packets' steps (flights to an interaction or a boundary): the work done, which is
    /// the same on any machine.
    func run(photons: Int, seed: UInt64, batch: Int) -> (tracks: [Double], steps: Int) {
        var tracks = [Double](repeating: 0, count: boundaries.count - 1)
        var random = SplitMix64(seed: seed, batch: UInt64(batch))
        var steps = 0
        tracks.withUnsafeMutableBufferPointer { scores in
            boundaries.withUnsafeBufferPointer { b in
                for _ in 0..<photons { steps += trace(&random, scores, b) }
            }
        }
        return (tracks, steps)
    }

    /// Adds w·(track length) in each cell for the flight from depth `z0` to `z1` of length
    /// `length`; `cell` is the cell of `z0` on entry and of `z1` on return (K below the last).
    @inline(__always)
    private func score(
        from z0: Double, to z1: Double, length: Double, weight: Double, cell: inout Int,
        _ scores: UnsafeMutableBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>
    ) {
        let count = b.count - 1
        if z1 > z0 {
            let perDepth = weight * length / (z1 - z0)
            var j = cell
            var low = z0
            while j < count {
                let high = b[j + 1]
                if z1 < high {
                    scores[j] += perDepth * (z1 - low)
                    break
                }
                scores[j] += perDepth * (high - low)
                low = high
                j += 1
            }
            cell = j
        } else if z1 < z0 {
            let perDepth = weight * length / (z0 - z1)
            var j = cell
            var high = z0
            if j == count {
                let last = b[count]
                if z1 >= last { return }
                high = last
                j = count - 1
            }
            while true {
                let low = b[j]
                if z1 >= low || j == 0 {
                    scores[j] += perDepth * (high - max(z1, low))
                    break
                }
                scores[j] += perDepth * (high - low)
                high = low
                j -= 1
            }
            cell = j
        } else if cell < count {
            scores[cell] += weight * length
        }
    }

    /// Follows one packet from launch until it escapes or dies in a roulette; returns its steps.
    @inline(__always)
    private func trace(
        _ random: inout SplitMix64, _ scores: UnsafeMutableBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>
    ) -> Int {
        let lastLayer = indices.count - 1
        var weight = launchWeight
        var z = 0.0
        var ux = 0.0
        var uy = 0.0
        var uz = 1.0
        var layer = 0
        var cell = 0
        var remainingDepth = 0.0
        var nextRouletteDepth = rouletteDepthCm
        var steps = 0
        while true {
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
                score(from: z, to: boundary, length: distance, weight: weight, cell: &cell, scores, b)
                z = boundary
                let next = down ? layer + 1 : layer - 1
                let incident = indices[layer]
                let beyond = next < 0 ? ambientAbove : (next > lastLayer ? ambientBelow : indices[next])
                let (r, transmittedCosine) = Fresnel.reflectance(
                    incident: incident, transmitted: beyond, cosine: abs(uz))
                if r == 0 || random.uniform() >= r {
                    if next < 0 || next > lastLayer { return steps }
                    let ratio = incident / beyond
                    ux *= ratio
                    uy *= ratio
                    uz = down ? transmittedCosine : -transmittedCosine
                    layer = next
                } else {
                    uz = -uz
                }
                if z <= 0 { cell = 0 }
            } else {
                let end = z + step * uz
                score(from: z, to: end, length: step, weight: weight, cell: &cell, scores, b)
                z = end
                weight -= weight * mua[layer] / interaction
                scatter(g[layer], &ux, &uy, &uz, &random)
                if z > nextRouletteDepth {
                    nextRouletteDepth += rouletteStepCm
                    if random.uniform() < Self.depthSurvival {
                        weight /= Self.depthSurvival
                    } else {
                        return steps
                    }
                }
            }
            if weight < PhotonTransport.rouletteThreshold {
                if weight == 0 { return steps }
                if random.uniform() < PhotonTransport.rouletteSurvival {
                    weight /= PhotonTransport.rouletteSurvival
                } else {
                    return steps
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
        var x: Double
        var y: Double
        var s: Double
        repeat {
            x = 2 * random.uniform() - 1
            y = 2 * random.uniform() - 1
            s = x * x + y * y
        } while s > 1 || s == 0
        let cosp = (x * x - y * y) / s
        let sinp = 2 * x * y / s
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
