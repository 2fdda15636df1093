/// MCML's photon-packet transport (`PhotonTracer`: launch weight 1 − R_sp, steps −ln ξ/μt with the
/// remaining optical depth carried across boundaries, all-or-none Fresnel at every interface,
/// absorption of w·μa/μt at each interaction, Henyey–Greenstein scattering, weight roulette below
/// 10⁻⁴ with survival 1/10), scoring the fluence for the skin table:
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
/// The azimuth of a scattering is drawn without trigonometry (`AzimuthSampling.disc`).
struct CellPhotonTransport: Sendable {
    let tracer: PhotonTracer
    let boundaries: [Double]
    let rouletteDepthCm: Double
    let rouletteStepCm: Double

    /// Depth roulette survival probability.
    static let depthSurvival = 0.5

    init(medium: LayeredMedium, cells: FluenceCells, rouletteDepthCm: Double, rouletteStepCm: Double) {
        precondition(rouletteStepCm > 0, "a positive roulette step")
        tracer = PhotonTracer(medium: medium)
        boundaries = cells.boundaries
        self.rouletteDepthCm = rouletteDepthCm
        self.rouletteStepCm = rouletteStepCm
    }

    /// Runs `photons` packets with the stream of (`seed`, `batch`) and returns Σ w ℓ_j per cell,
    /// and the packets' steps (flights to an interaction or a boundary): the work done, which is
    /// the same on any machine.
    func run(photons: Int, seed: UInt64, batch: Int) -> (tracks: [Double], steps: Int) {
        var tracks = [Double](repeating: 0, count: boundaries.count - 1)
        var steps = 0
        tracks.withUnsafeMutableBufferPointer { scores in
            boundaries.withUnsafeBufferPointer { b in
                var scorer = Scorer(
                    scores: scores, boundaries: b, rouletteDepthCm: rouletteDepthCm, rouletteStepCm: rouletteStepCm)
                steps = tracer.run(photons: photons, seed: seed, batch: batch, into: &scorer).steps
            }
        }
        return (tracks, steps)
    }

    /// Track lengths in the cells and the depth roulette; `cell` is the cell of the packet's depth
    /// (K below the last), `nextRouletteDepth` the depth of its next depth roulette.
    struct Scorer: PhotonScorer {
        let scores: UnsafeMutableBufferPointer<Double>
        let boundaries: UnsafeBufferPointer<Double>
        let rouletteDepthCm: Double
        let rouletteStepCm: Double
        var cell = 0
        var nextRouletteDepth = 0.0

        init(
            scores: UnsafeMutableBufferPointer<Double>, boundaries: UnsafeBufferPointer<Double>,
            rouletteDepthCm: Double, rouletteStepCm: Double
        ) {
            self.scores = scores
            self.boundaries = boundaries
            self.rouletteDepthCm = rouletteDepthCm
            self.rouletteStepCm = rouletteStepCm
        }

        static var azimuth: AzimuthSampling { .disc }

        @inline(__always)
        mutating func launch() {
            cell = 0
            nextRouletteDepth = rouletteDepthCm
        }

        /// Adds w·(track length) in each cell for the flight from depth `z0` to `z1` of length
        /// `length`; `cell` is the cell of `z0` on entry and of `z1` on return.
        @inline(__always)
        mutating func flight(from z0: Double, to z1: Double, length: Double, weight: Double) {
            let b = boundaries
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

        func interaction(at z: Double, layer: Int, weight: Double, absorbed: Double, mut: Double) {}

        @inline(__always)
        mutating func stays(atBoundary z: Double) {
            if z <= 0 { cell = 0 }
        }

        func escapes(top: Bool, weight: Double) {}

        @inline(__always)
        mutating func survives(scatteringAt z: Double, weight: inout Double, random: inout SplitMix64) -> Bool {
            guard z > nextRouletteDepth else { return true }
            nextRouletteDepth += rouletteStepCm
            guard random.uniform() < CellPhotonTransport.depthSurvival else { return false }
            weight /= CellPhotonTransport.depthSurvival
            return true
        }
    }
}
