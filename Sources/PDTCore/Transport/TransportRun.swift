import Foundation
import PDTNumerics

/// A Monte Carlo light-transport problem: a layered medium and how to run it.
public struct TransportProblem: Sendable {
    public var medium: LayeredMedium
    public var settings: TransportSettings

    public init(medium: LayeredMedium, settings: TransportSettings) {
        self.medium = medium
        self.settings = settings
    }

    /// Runs the packets in batches on `settings.jobs` threads and combines the batches in batch
    /// order: the result is bit-identical for any number of threads. `progress` is called on the
    /// calling thread with the packets done so far after each batch.
    /// - Throws: `TransportWorkLimitExceeded` when the batches' steps, summed in batch order,
    ///   exceed `settings.maxSteps` (each batch is also cut at that many steps of its own): the
    ///   same decision for any number of threads.
    public func run(
        path: String = "medium", progress: (Int) -> Void = { _ in }
    ) throws(TransportWorkLimitExceeded) -> TransportResult {
        let settings = settings
        let kernel = PhotonTransport(medium: medium, binCm: settings.binCm, bins: settings.bins)
        let batchPhotons = settings.batchPhotons
        let totalPhotons: Int
        switch settings.stop {
        case .photons(let n): totalPhotons = n
        case .targetRSE(_, _, let cap): totalPhotons = cap
        }
        let batchCount = (totalPhotons + batchPhotons - 1) / batchPhotons
        var statistics = BatchStatistics()
        let layers = medium.layers.count
        let seed = settings.seed
        let maxSteps = settings.maxSteps
        var steps = 0
        var exhausted = false
        OrderedParallel.run(
            items: Array(0..<batchCount), jobs: settings.jobs,
            work: { batch in
                let count = min(batchPhotons, totalPhotons - batch * batchPhotons)
                return kernel.run(photons: count, seed: seed, batch: batch, maxSteps: maxSteps)
            },
            deliver: { batch, tally in
                steps += tally.steps
                guard !tally.exhausted, steps <= maxSteps else {
                    exhausted = true
                    return false
                }
                statistics.add(TransportResult.totals(tally), count: tally.photons)
                progress(statistics.photons)
                guard case .targetRSE(let target, let quantity, _) = settings.stop,
                    (batch + 1) % TransportSettings.roundBatches == 0
                else { return true }
                let index = TransportResult.index(of: quantity)
                let mean = statistics.mean(index)
                return !(mean > 0 && statistics.standardError(index) / mean <= target)
            }, waitForWorkersOnStop: { !exhausted })
        guard !exhausted else {
            throw TransportWorkLimitExceeded(
                maxSteps: maxSteps, photonsDone: statistics.photons, photonsPlanned: totalPhotons, path: path)
        }
        return TransportResult(medium: medium, settings: settings, statistics: statistics, layers: layers)
    }
}
