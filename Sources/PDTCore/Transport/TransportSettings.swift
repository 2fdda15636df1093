/// How a transport run is done: how many packets (or until which precision), with which seed, in
/// batches of which size, on how many threads, and which depth bins score the fluence.
public struct TransportSettings: Sendable, Equatable {
    /// When to stop launching packets.
    public enum Stop: Sendable, Equatable {
        /// Exactly this many packets.
        case photons(Int)
        /// Until the relative standard error of `quantity` is at most `rse`, checked after every
        /// `TransportSettings.roundBatches` batches; at most `maxPhotons` packets.
        case targetRSE(Double, quantity: TransportQuantity, maxPhotons: Int)
    }

    /// Packets per batch: each batch has its own random stream, keyed by (seed, batch index), and
    /// the standard errors come from the spread of the batch means. Independent of the threads.
    public static let defaultBatchPhotons = 1000
    /// Batches between two checks of a target relative standard error.
    public static let roundBatches = 64

    public var stop: Stop
    public var seed: UInt64
    public var batchPhotons: Int
    /// Worker threads; the result does not depend on it.
    public var jobs: Int
    /// Width of a fluence depth bin in cm.
    public var binCm: Double
    /// Number of fluence depth bins from the surface down.
    public var bins: Int
    /// The most packet steps the run may take (`TransportWork`).
    public var maxSteps = TransportWork.defaultMaxSteps

    /// The packets the run launches at least: all of them, or with a target RSE those before its
    /// first check.
    public var leastPhotons: Int {
        switch stop {
        case .photons(let n): n
        case .targetRSE(_, _, let cap): min(cap, Self.roundBatches * batchPhotons)
        }
    }

    public init(
        stop: Stop, seed: UInt64, binCm: Double, bins: Int, jobs: Int = 1,
        batchPhotons: Int = TransportSettings.defaultBatchPhotons
    ) {
        precondition(batchPhotons >= 1 && jobs >= 1 && bins >= 1 && binCm > 0, "positive batch, jobs and bins")
        self.stop = stop
        self.seed = seed
        self.batchPhotons = batchPhotons
        self.jobs = jobs
        self.binCm = binCm
        self.bins = bins
    }
}

/// A scalar result of a transport run whose precision can be targeted.
public enum TransportQuantity: String, Sendable, Equatable, CaseIterable {
    case diffuseReflectance = "diffuse_reflectance"
    case transmittance
    case absorbedFraction = "absorbed_fraction"
}

extension TransportSettings {
    /// The fluence depth bins (width in cm, count) for `medium` from the options a user gave:
    /// both as given; a count alone divides `medium.defaultFluenceDepthCm`; a width alone covers
    /// it with ⌈depth/width⌉ bins; neither gives 100 bins over it.
    public static func depthBins(medium: LayeredMedium, bins: Int?, binCm: Double?) -> (binCm: Double, bins: Int) {
        let depth = medium.defaultFluenceDepthCm
        switch (bins, binCm) {
        case (let n?, let dz?): return (dz, n)
        case (let n?, nil): return (depth / Double(n), n)
        case (nil, let dz?): return (dz, max(1, Int((depth / dz).rounded(.up))))
        case (nil, nil): return (depth / 100, 100)
        }
    }
}
