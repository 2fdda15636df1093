/// The Monte Carlo result at one wavelength node of a skin table: the fluence cell means
/// ⟨φ/E⟩_j of every partition cell of `FluenceCells` with their standard errors, and the packets
/// run.
struct SkinFluenceNode: Sendable, Equatable {
    var photons: Int
    var means: [Double]
    var standardErrors: [Double]

    /// Runs the transport of `medium` at one node with `precision`, in batches of
    /// `SkinFluenceTable.batchPhotons` packets whose streams are keyed by (`seed`, batch index):
    /// one thread, so the result depends on nothing but the inputs. `required(means)` gives the
    /// partition cells a target RSE applies to.
    static func run(
        medium: LayeredMedium, cells: FluenceCells, precision: MonteCarloOptics.Precision, seed: UInt64,
        required: ([Double]) -> [Int]
    ) -> SkinFluenceNode {
        let last = medium.layers[medium.layers.count - 1]
        let transportPath = 1 / (last.muaPerCm + last.musPerCm * (1 - last.anisotropyG))
        let deepest = cells.boundaries[cells.boundaries.count - 1]
        let kernel = CellPhotonTransport(
            medium: medium, cells: cells, rouletteDepthCm: deepest + SkinFluenceTable.rouletteMargin * transportPath,
            rouletteStepCm: transportPath)
        let widths = (0..<cells.count).map { cells.extent($0).high - cells.extent($0).low }
        var statistics = BatchStatistics()
        let cap: Int
        var target = 0.0
        switch precision {
        case .photons(let n): cap = n
        case .targetRSE(let r, let maxPhotons):
            cap = maxPhotons
            target = r
        }
        func node() -> SkinFluenceNode {
            SkinFluenceNode(
                photons: statistics.photons, means: widths.indices.map { statistics.mean($0) / widths[$0] },
                standardErrors: widths.indices.map { statistics.standardError($0) / widths[$0] })
        }
        var batch = 0
        while statistics.photons < cap {
            let count = min(SkinFluenceTable.batchPhotons, cap - statistics.photons)
            statistics.add(kernel.run(photons: count, seed: seed, batch: batch), count: count)
            batch += 1
            guard target > 0, batch >= SkinFluenceTable.minimumBatches,
                (batch - SkinFluenceTable.minimumBatches) % SkinFluenceTable.checkBatches == 0
            else { continue }
            let result = node()
            let worst =
                required(result.means).map { j in
                    result.means[j] > 0 ? result.standardErrors[j] / result.means[j] : .infinity
                }.max() ?? 0
            if worst <= target { return result }
        }
        return node()
    }
}
