/// MCML's own scores for a layered medium (Wang, Jacques & Zheng 1995): diffuse reflectance and
/// transmittance, absorption by layer, and the collision estimator of the fluence in depth bins,
/// for one batch of packets traced by `PhotonTracer` (MCML's loop, trigonometric azimuth).
///
/// At each interaction in layer l at depth z the absorbed weight w·μa/μt is added to layer l and
/// w/μt to the bin ⌊z/Δz⌋ (the fluence estimator: absorbed weight / μa where μa > 0); an escaping
/// packet adds its weight to the reflectance (top) or the transmittance (bottom).
struct PhotonTransport: Sendable {
    let tracer: PhotonTracer
    let binCm: Double
    let bins: Int

    init(medium: LayeredMedium, binCm: Double, bins: Int) {
        tracer = PhotonTracer(medium: medium)
        self.binCm = binCm
        self.bins = bins
    }

    /// Runs `photons` packets with the stream of (`seed`, `batch`) and returns their scores and
    /// steps; once more than `maxSteps` steps are taken the batch stops, marked `exhausted`.
    func run(photons: Int, seed: UInt64, batch: Int, maxSteps: Int = .max) -> TransportTally {
        var scorer = Scorer(
            tally: TransportTally(photons: photons, layers: tracer.indices.count, bins: bins), binCm: binCm)
        let (steps, exhausted) = tracer.run(
            photons: photons, seed: seed, batch: batch, maxSteps: maxSteps, into: &scorer)
        scorer.tally.steps = steps
        scorer.tally.exhausted = exhausted
        return scorer.tally
    }

    /// MCML's scores in a `TransportTally`.
    struct Scorer: PhotonScorer {
        var tally: TransportTally
        let binCm: Double

        static var azimuth: AzimuthSampling { .angle }

        func launch() {}

        func flight(from z0: Double, to z1: Double, length: Double, weight: Double) {}

        @inline(__always)
        mutating func interaction(at z: Double, layer: Int, weight: Double, absorbed: Double, mut: Double) {
            if z >= 0 {
                let bin = Int(z / binCm)
                if bin < tally.fluence.count { tally.fluence[bin] += weight / mut }
            }
            tally.absorbedByLayer[layer] += absorbed
        }

        func stays(atBoundary z: Double) {}

        @inline(__always)
        mutating func escapes(top: Bool, weight: Double) {
            if top { tally.reflected += weight } else { tally.transmitted += weight }
        }

        func survives(scatteringAt z: Double, weight: inout Double, random: inout SplitMix64) -> Bool { true }
    }
}
