import Foundation
import PDTNumerics

/// Where the session kinetics take the fluence factor f(z, λ) = φ(z, λ)/E(λ) from: diffusion
/// theory (Models/MODEL.md §4, the calibration basis) or Monte Carlo light transport in the
/// layered skin (§10.11), chosen per skin by `skin.optics_model`.
public enum LightTransport: Sendable {
    /// f of `SkinOptics.fluenceFactor` at every wavelength and depth.
    case diffusion(SkinOptics)
    /// f of a `SkinFluenceTable` of the transport's layered skin with these settings.
    case monteCarlo(SkinTransport, MonteCarloOptics)

    /// The most photon packets a wavelength node may run to reach the skin's target RSE: a cap on
    /// the work of a table whose target cannot be reached (at 1 % the shipped skins need about
    /// 10⁴–10⁵ per node).
    public static let maxPhotonsPerNode = 1_000_000
    /// The most packet steps a skin's table may take: 8·10⁸, about 23 s on two cores here (the
    /// default skin's table takes 4.6·10⁸ steps in 13.5 s, the darkest shipped skin's 5.8·10⁸;
    /// `pdtsim benchmark --study transport`). With the kinetics' own bound (`WorkBudget`) it keeps
    /// a simulation with Monte Carlo optics under a minute whatever the skin; a skin that scatters
    /// so much that its table needs more is refused.
    public static let maxTableSteps = 800_000_000
    /// The skin's model; Monte Carlo with `monteCarloOptions(skin:cache:jobs:)`, the disk `cache`,
    /// `jobs` worker threads for the table and its `tableProgress` (neither changes the table).
    public init(
        skin: Skin, data: ReferenceData, cache: TransportCache? = LightTransport.defaultCache,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, tableProgress: MonteCarloOptics.Progress? = nil
    ) {
        let optics = SkinOptics(skin: skin, data: data)
        switch skin.opticsModel {
        case .diffusion: self = .diffusion(optics)
        case .monteCarlo:
            var options = Self.monteCarloOptions(skin: skin, cache: cache, jobs: jobs)
            options.progress = tableProgress
            self = .monteCarlo(SkinTransport(optics: optics, anisotropyG: skin.anisotropyG), options)
        }
    }

    /// The disk cache in `TransportCache.defaultDirectory` of this process's environment.
    public static var defaultCache: TransportCache {
        TransportCache(directory: TransportCache.defaultDirectory(environment: ProcessInfo.processInfo.environment))
    }

    /// The Monte Carlo settings of the kinetics, made here only: the skin's target RSE (at most
    /// `maxPhotonsPerNode` packets per node) or its fixed photon count per node, the adaptive
    /// wavelength nodes of `MonteCarloOptics.defaultNodes`, the skin's seed, and `jobs` threads
    /// (default: every active processor). The table does not depend on the threads (each batch of
    /// packets has its own random stream, and a node's batches are added in order). In `simulate`
    /// it runs on `--jobs` threads; in an ensemble whose points share the skin, one worker computes
    /// it while the others wait on the memo; when the points differ in the skin, each worker
    /// computes its own.
    public static func monteCarloOptions(
        skin: Skin, cache: TransportCache?, jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> MonteCarloOptics {
        let precision =
            skin.monteCarloPhotons.map { MonteCarloOptics.Precision.photons($0) }
            ?? .targetRSE(skin.monteCarloTargetRSE, maxPhotons: maxPhotonsPerNode)
        var options = MonteCarloOptics(
            precision: precision, nodes: MonteCarloOptics.defaultNodes, seed: skin.monteCarloSeed,
            jobs: jobs, anisotropyG: skin.anisotropyG, cache: cache)
        options.maxSteps = maxTableSteps
        return options
    }

    /// The model this transport computes.
    public var model: OpticsModel {
        switch self {
        case .diffusion: .diffusion
        case .monteCarlo: .monteCarlo
        }
    }

    /// The skin optics (μa, μs′, the data) either model starts from.
    public var optics: SkinOptics {
        switch self {
        case .diffusion(let optics): optics
        case .monteCarlo(let transport, _): transport.optics
        }
    }

    /// f(z, λ) for every wavelength of `spectrum` with irradiance > 0, in its order (rows), at
    /// every depth of `depthsCm` (columns). Monte Carlo: from the skin's table over the whole
    /// spectral grid (380–800 nm every 1 nm), computed once in `memo` per distinct skin, depths
    /// and settings whatever the light, so that a sweep of the light reuses it; a line between two
    /// grid wavelengths takes f_diffusion × the ratio f_MC/f_diffusion interpolated between them.
    /// - Throws: `ModelError` at the skin when its Monte Carlo table needs more than
    ///   `maxTableSteps` packet steps.
    public func fluenceFactors(
        spectrum: Spectrum, depthsCm: [Double], memo: FluenceTableMemo = .shared
    ) throws(ModelError) -> [[Double]] {
        let lit = spectrum.wavelengths.indices.filter { spectrum.irradiances[$0] > 0 }
        let optics = self.optics
        func diffusion(_ wavelength: Double) -> [Double] {
            let p = optics.properties(at: wavelength)
            return depthsCm.map { optics.fluenceFactor(p, depthCm: $0) }
        }
        guard case .monteCarlo(let transport, let options) = self else {
            return lit.map { diffusion(spectrum.wavelengths[$0]) }
        }
        let grid = SpectralGrid.wavelengths
        let key = Self.memoKey(transport: transport, options: options, wavelengthsNM: grid, depthsCm: depthsCm)
        let table = memo.table(key: key) {
            SkinFluenceTable(transport: transport, wavelengthsNM: grid, depthsCm: depthsCm, options: options)
        }
        guard !table.workLimited else {
            throw ModelError(
                "skin",
                "the Monte Carlo table of this skin needs more than \(formatNumber(Double(Self.maxTableSteps))) packet steps (the bound that keeps a table within about 25 s) to reach its precision; expected less scattering (skin.anisotropy_g, skin.scattering_a_per_cm), a looser skin.monte_carlo_target_rse, or fewer skin.monte_carlo_photons"
            )
        }
        return lit.map { index in
            let wavelength = spectrum.wavelengths[index]
            let position = min(max(wavelength - SpectralGrid.first, 0), SpectralGrid.last - SpectralGrid.first)
            let lower = Int(position.rounded(.down))
            if Double(lower) == position { return table.factors[lower] }
            let t = position - Double(lower)
            let ratios = [lower, lower + 1].map { row in zip(table.factors[row], diffusion(grid[row])).map { $0 / $1 } }
            return zip(diffusion(wavelength), zip(ratios[0], ratios[1])).map { f, r in f * (r.0 + t * (r.1 - r.0)) }
        }
    }

    /// The memo key: the skin in full, the anisotropy, the layered medium at every wavelength
    /// (every layer's n, μa, μs, g and thickness, which carry the reference data), the depths,
    /// and the precision, seed and nodes (not the threads or the disk cache, which do not change
    /// the table). Numbers in Swift's shortest round-trip form, so that equal keys mean equal
    /// inputs; built without reflection, as every point of a sweep builds it.
    static func memoKey(
        transport: SkinTransport, options: MonteCarloOptics, wavelengthsNM: [Double], depthsCm: [Double]
    ) -> String {
        var key = "skin=\(transport.optics.skin); g=\(transport.anisotropyG); \(options.precisionKey); "
        key += "seed=\(options.seed); nodes=\(options.nodes); depths=\(depthsCm); media:"
        for wavelength in wavelengthsNM {
            let medium = transport.medium(at: wavelength)
            key += " \(wavelength) \(medium.ambientAboveIndex) \(medium.ambientBelowIndex)"
            for l in medium.layers {
                key += " [\(l.refractiveIndex) \(l.muaPerCm) \(l.musPerCm) \(l.anisotropyG) \(l.thicknessCm ?? -1)]"
            }
        }
        return key
    }

    /// What ran, for summary.json: the model, and for Monte Carlo its settings and layers.
    public static func provenance(skin: Skin) -> JSONOutput {
        guard skin.opticsModel == .monteCarlo else {
            return .object([
                ("model", .string(OpticsModel.diffusion.rawValue)), ("basis", .string("Models/MODEL.md §4")),
            ])
        }
        return .object([
            ("model", .string(OpticsModel.monteCarlo.rawValue)), ("basis", .string("Models/MODEL.md §10.11")),
            precisionPair(skin),
            (
                "seed",
                skin.monteCarloSeed <= UInt64(Int.max)
                    ? .integer(Int(skin.monteCarloSeed)) : .string(String(skin.monteCarloSeed))
            ),
            ("batch_photons", .integer(SkinFluenceTable.batchPhotons)),
            ("nodes", .string(nodesText)), ("wavelengths", .string("380–800 nm every 1 nm")),
            ("anisotropy_g", .number(skin.anisotropyG)),
            ("stratum_corneum_thickness_cm", .number(skin.stratumCorneumThicknessCm)),
            ("papillary_dermis_thickness_cm", .number(skin.papillaryDermisThicknessCm)),
        ])
    }

    /// The adaptive wavelength nodes, in words.
    static var nodesText: String {
        guard case .adaptive(let tolerance, let step) = MonteCarloOptics.defaultNodes else { return "" }
        return "adaptive: ln(μa/μs′) of every layer within \(formatNumber(tolerance)) of linear between nodes, "
            + "at most \(formatNumber(step)) nm apart"
    }

    /// The precision of the skin's table for summary.json.
    static func precisionPair(_ skin: Skin) -> (String, JSONOutput) {
        if let photons = skin.monteCarloPhotons { return ("photons_per_node", .integer(photons)) }
        return ("target_rse", .number(skin.monteCarloTargetRSE))
    }

    /// The precision of the skin's table in words.
    static func precisionText(_ skin: Skin) -> String {
        if let photons = skin.monteCarloPhotons { return "\(photons) photons per wavelength node" }
        return "relative standard error ≤ \(formatNumber(skin.monteCarloTargetRSE * 100)) % at every wavelength node"
    }

    /// One line for `simulate`: which optics ran.
    public static func summaryLine(skin: Skin) -> String {
        guard skin.opticsModel == .monteCarlo else { return "optics: diffusion theory (Models/MODEL.md §4)" }
        var layers = ["epidermis", "dermis"]
        if skin.stratumCorneumThicknessCm > 0 { layers.insert("stratum corneum", at: 0) }
        if skin.papillaryDermisThicknessCm > 0 { layers.insert("papillary dermis", at: layers.count - 1) }
        return
            "optics: Monte Carlo (Models/MODEL.md §10.11), \(precisionText(skin)), seed \(skin.monteCarloSeed), g = \(formatNumber(skin.anisotropyG)); layers: \(layers.joined(separator: ", "))"
    }
}
