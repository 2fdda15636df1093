import PDTNumerics

/// The whole Monte Carlo part of a skin table as one cache entry.
///
/// The entry is the file of `path(for: key)`: the line `key: <key>`, then one line per wavelength
/// node, `photons m₀ e₀ m₁ e₁ …`, the packets run and the fluence cell mean and its standard error
/// of every partition cell (Swift's shortest round-trip form, so bit-exact). The table itself is
/// rebuilt from these node results and the diffusion fluence of the current inputs (a few
/// milliseconds), so the cached table equals the computed one bit for bit.
extension TransportCache {
    /// The key text of a skin table: pdtsim's version, the algorithm's version, the precision,
    /// the seed, the batch size, the scoring cells (which carry the depths) and, at every
    /// wavelength node, the layered medium in full (every layer's n, μa, μs, g, thickness, and
    /// the ambient indices). Not the threads, which do not change the result.
    static func tableKey(
        algorithm: String, nodes: [Double], media: [LayeredMedium], cells: FluenceCells, options: MonteCarloOptics
    ) -> String {
        let nodeTexts = zip(nodes, media).map { wavelength, medium in
            let layers = medium.layers.map { l in
                "n=\(l.refractiveIndex) mua=\(l.muaPerCm) mus=\(l.musPerCm) g=\(l.anisotropyG) d=\(l.thicknessCm.map { "\($0)" } ?? "inf")"
            }
            return "\(wavelength) nm: above=\(medium.ambientAboveIndex) below=\(medium.ambientBelowIndex) "
                + "layers=[\(layers.joined(separator: "; "))]"
        }
        return "pdtsim \(SimulationReport.pdtsimVersion) \(algorithm); \(options.precisionKey); "
            + "seed=\(options.seed); batch=\(SkinFluenceTable.batchPhotons); "
            + "depths_cm=\(cells.depthsCm.map { "\($0)" }.joined(separator: ",")); cells_cm=\(cells.keyText); "
            + "nodes=[\(nodeTexts.joined(separator: " | "))]"
    }

    /// The node results stored under `key`, or nil when there are none, the stored key differs or
    /// the entry does not hold `nodes` lines of `cells` cells.
    func loadTable(key: String, nodes: Int, cells: Int) -> [SkinFluenceNode]? {
        guard let data = try? POSIXFile.readContents(of: path(for: key)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= nodes + 1, lines[0] == "key: " + key else { return nil }
        var results: [SkinFluenceNode] = []
        for line in lines[1...nodes] {
            let fields = line.split(separator: " ")
            guard fields.count == 1 + 2 * cells, let photons = Int(fields[0]) else { return nil }
            var values: [Double] = []
            for field in fields.dropFirst() {
                guard let value = Double(field) else { return nil }
                values.append(value)
            }
            results.append(
                SkinFluenceNode(
                    photons: photons, means: stride(from: 0, to: values.count, by: 2).map { values[$0] },
                    standardErrors: stride(from: 1, to: values.count, by: 2).map { values[$0] }))
        }
        return results
    }

    /// Stores `results` under `key`; failures leave the cache without the entry.
    func storeTable(key: String, _ results: [SkinFluenceNode]) {
        let lines = results.map { node in
            ([String(node.photons)] + zip(node.means, node.standardErrors).flatMap { ["\($0)", "\($1)"] })
                .joined(separator: " ")
        }
        let text = (["key: " + key] + lines).joined(separator: "\n") + "\n"
        do {
            try POSIXFile.createDirectories(directory)
            try AtomicOutput.write(text, to: path(for: key))
        } catch {
            return
        }
    }
}
