/// Which fluence factors `pdtsim optics` tabulates.
public enum OpticsTableModel: String, Sendable, Equatable, CaseIterable {
    /// Diffusion theory only (Models/MODEL.md §4).
    case diffusion
    /// The same columns with f from the Monte Carlo transport.
    case monteCarlo = "monte_carlo"
    /// The diffusion columns, then the Monte Carlo fluence factors (`_mc`) and the ratios
    /// diffusion / Monte Carlo (`_ratio_diffusion_to_mc`).
    case both
}

extension OpticsTable {
    /// The fluence factors (surface, then each depth) at every wavelength of the table by Monte
    /// Carlo (`SkinFluenceTable`).
    public func monteCarloFluenceFactors(_ options: MonteCarloOptics) -> [[Double]] {
        let transport = SkinTransport(optics: optics, anisotropyG: options.anisotropyG)
        let depthsCm = [0] + depths.map { $0.millimetres / 10 }
        return SkinFluenceTable(transport: transport, wavelengthsNM: wavelengths, depthsCm: depthsCm, options: options)
            .factors
    }

    /// The table for `model`: the diffusion table, the same with Monte Carlo fluence factors, or
    /// the diffusion table followed by the `_mc` columns and the `_ratio_diffusion_to_mc` columns.
    public func table(model: OpticsTableModel, monteCarlo options: MonteCarloOptics) -> CSVTable {
        let diffusionTable = table
        guard model != .diffusion else { return diffusionTable }
        let factors = monteCarloFluenceFactors(options)
        let names = ["fluence_factor_surface"] + depths.map { "fluence_factor_at_\($0.text)mm" }
        let columns = names.map { diffusionTable.header.firstIndex(of: $0)! }
        if model == .monteCarlo {
            var result = CSVTable(header: diffusionTable.header)
            for (row, values) in zip(diffusionTable.rows, factors) {
                var fields = row
                for (column, value) in zip(columns, values) { fields[column] = .number(value) }
                result.append(fields)
            }
            return result
        }
        var result = CSVTable(
            header: diffusionTable.header + names.map { $0 + "_mc" } + names.map { $0 + "_ratio_diffusion_to_mc" })
        for (row, values) in zip(diffusionTable.rows, factors) {
            let ratios: [CSVTable.Field] = zip(columns, values).map { column, mc in
                guard case .number(let d) = row[column] else { return .missing }
                return .number(d / mc)
            }
            result.append(row + values.map { .number($0) } + ratios)
        }
        return result
    }
}
