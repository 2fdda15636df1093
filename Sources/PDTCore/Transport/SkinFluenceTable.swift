import PDTNumerics

/// f(z, λ) = φ(z, λ)/E(λ) of a skin by Monte Carlo for every wavelength of a list at every depth
/// of a list, with standard errors: the table the kinetics and `pdtsim optics` read the Monte
/// Carlo optics from.
///
/// Method (chosen by measurement, see README "Light transport"):
/// 1. **Wavelength nodes** (`MonteCarloOptics.Nodes`, by default adaptive: dense where
///    ln(μa/μs′) of a layer bends, i.e. in the Soret and Q bands of haemoglobin). The transport
///    runs only there.
/// 2. **Cell scoring.** At a node, MCML's transport (`CellPhotonTransport`) scores the fluence
///    by the track-length estimator in one depth cell [z_k − h_k, z_k + h_k] around each depth
///    (`FluenceCells`), with an unbiased depth roulette far below the deepest cell; the node's
///    precision is a packet count or a target relative standard error (`MonteCarloOptics`).
/// 3. **Ratio to diffusion.** With f_D(z, λ) the diffusion fluence factor (Models/MODEL.md §4)
///    and ⟨·⟩_k the mean over cell k (GSL's 8-point Gauss–Legendre rule, split at layer
///    boundaries), the node ratio is R_k(λ_n) = ⟨f_MC⟩_k/⟨f_D⟩_k, and the table is
///    f(z_k, λ) = f_D(z_k, λ) · [(1 − t) R_k(λ_a) + t R_k(λ_b)], t = (λ − λ_a)/(λ_b − λ_a),
///    between the nodes λ_a ≤ λ ≤ λ_b (t = 0 at a node). Dividing by the cell mean of f_D
///    removes the cell-averaging bias f″h²/6 to the extent f_MC and f_D curve alike; the ratio
///    varies slowly with λ where f itself follows the haemoglobin bands.
/// 4. **Errors.** SE(f) = f_D(z_k, λ)·[(1 − t) SE(R_k(λ_a)) + t SE(R_k(λ_b))] with
///    SE(R) = SE(⟨f_MC⟩)/⟨f_D⟩: the nodes share the seed (common random numbers), so their
///    errors are positively correlated and the sum is the bound. The interpolation error itself
///    is not in it; it is tested against direct runs at off-node wavelengths.
///
/// The result is bit-identical for any number of threads: each node runs its batches in order on
/// one thread, with streams keyed by (seed, batch index), and the nodes are spread over threads.
/// With a cache the whole table is stored under one key (`TransportCache.tableKey`).
public struct SkinFluenceTable: Sendable, Equatable {
    /// Wavelengths in nm, in the order given.
    public let wavelengthsNM: [Double]
    /// Depths in cm, in the order given.
    public let depthsCm: [Double]
    /// f at (wavelengthsNM[i], depthsCm[k]) as `factors[i][k]` (dimensionless).
    public let factors: [[Double]]
    /// The standard error of `factors[i][k]` (NaN where a node ran a single batch).
    public let standardErrors: [[Double]]
    /// The wavelength nodes of the Monte Carlo runs, ascending (empty when built from values).
    public let nodesNM: [Double]
    /// Packets run at each node.
    public let photonsByNode: [Int]
    /// The largest relative standard error over the required region: every (λ, z_k) with z_k in
    /// `MonteCarloOptics.rseDepthRangeCm` and f ≥ `MonteCarloOptics.rseSurfaceFraction` × f(0, λ);
    /// NaN when built from values.
    public let largestRequiredRSE: Double
    /// True when a node ran out of `MonteCarloOptics.maxSteps` before its precision was met.
    public let workLimited: Bool
    /// Packet steps taken to compute the table (0 when it was read from the cache).
    public let steps: Int

    /// Packets per batch.
    static let batchPhotons = 500
    /// Batches before a target RSE is first checked.
    static let minimumBatches = 16
    /// Batches between two checks of a target RSE.
    static let checkBatches = 8
    /// The depth roulette starts this many transport mean free paths below the deepest cell.
    static let rouletteMargin = 2.0
    /// The Gauss–Legendre rule of the diffusion cell means.
    package static let rule = GaussLegendre(points: 8)
    /// The algorithm's version in the cache key: any change of method, constants or file layout
    /// raises it (v3: the cell kernel draws ξ at matched boundaries too, as MCML does, so its
    /// random stream and tables differ from v2's).
    static let algorithmVersion =
        "skin fluence table v3 (track-length cells, depth roulette, ratio to diffusion, MCML boundary draws)"

    public init(wavelengthsNM: [Double], depthsCm: [Double], factors: [[Double]], standardErrors: [[Double]]? = nil) {
        precondition(factors.count == wavelengthsNM.count && factors.allSatisfy { $0.count == depthsCm.count })
        self.wavelengthsNM = wavelengthsNM
        self.depthsCm = depthsCm
        self.factors = factors
        self.standardErrors =
            standardErrors ?? factors.map { Array(repeating: .nan, count: $0.count) }
        nodesNM = []
        photonsByNode = []
        largestRequiredRSE = .nan
        workLimited = false
        steps = 0
    }

    /// The table of `transport`'s skin by Monte Carlo with `options` (its anisotropy is the
    /// transport's, not `options.anisotropyG`). Preconditions: at least one wavelength, depths
    /// ≥ 0.
    public init(transport: SkinTransport, wavelengthsNM: [Double], depthsCm: [Double], options: MonteCarloOptics) {
        precondition(!wavelengthsNM.isEmpty, "a table of at least one wavelength")
        self.wavelengthsNM = wavelengthsNM
        self.depthsCm = depthsCm
        let optics = transport.optics
        let allDepths = [0.0] + depthsCm
        let cells = FluenceCells(depthsCm: allDepths)
        let sorted = Array(Set(wavelengthsNM)).sorted()
        let nodes = WavelengthNodes.select(
            wavelengths: sorted, media: sorted.map { transport.medium(at: $0) }, rule: options.nodes)
        let media = nodes.map { transport.medium(at: $0) }
        let key = TransportCache.tableKey(
            algorithm: Self.algorithmVersion, nodes: nodes, media: media, cells: cells, options: options)
        var results: [SkinFluenceNode]
        if let cache = options.cache, let stored = cache.loadTable(key: key, nodes: nodes.count, cells: cells.count) {
            results = stored
        } else {
            let amplification = Self.amplification(
                optics: optics, nodes: nodes, wavelengths: sorted, depthsCm: allDepths)
            results = Self.run(
                media: media, cells: cells, depthsCm: allDepths, amplification: amplification, options: options)
            if !results.contains(where: \.exhausted) { options.cache?.storeTable(key: key, results) }
        }
        workLimited = results.contains(where: \.exhausted)
        steps = results.reduce(0) { $0 + $1.steps }
        nodesNM = nodes
        photonsByNode = results.map(\.photons)

        // Ratios ⟨f_MC⟩/⟨f_D⟩ and their errors at every node and depth (surface first).
        let boundaries = media.map { $0.boundariesCm }
        var ratios: [[Double]] = []
        var ratioErrors: [[Double]] = []
        for (n, node) in nodes.enumerated() {
            let p = optics.properties(at: node)
            var r: [Double] = []
            var e: [Double] = []
            for z in allDepths {
                let j = cells.cell(of: z)
                let (low, high) = cells.extent(j)
                let mean = Self.cellMean(low: low, high: high, splits: boundaries[n]) {
                    optics.fluenceFactor(p, depthCm: $0)
                }
                r.append(results[n].means[j] / mean)
                e.append(results[n].standardErrors[j] / mean)
            }
            ratios.append(r)
            ratioErrors.append(e)
        }
        var factors: [[Double]] = []
        var errors: [[Double]] = []
        var worst = 0.0
        for wavelength in wavelengthsNM {
            let p = optics.properties(at: wavelength)
            let upper = nodes.firstIndex { $0 >= wavelength } ?? nodes.count - 1
            let lower = nodes[upper] == wavelength || upper == 0 ? upper : upper - 1
            let t = lower == upper ? 0 : (wavelength - nodes[lower]) / (nodes[upper] - nodes[lower])
            var f: [Double] = []
            var se: [Double] = []
            for k in allDepths.indices {
                let base = optics.fluenceFactor(p, depthCm: allDepths[k])
                f.append(base * ((1 - t) * ratios[lower][k] + t * ratios[upper][k]))
                se.append(base * ((1 - t) * ratioErrors[lower][k] + t * ratioErrors[upper][k]))
            }
            for k in 1..<allDepths.count
            where MonteCarloOptics.rseDepthRangeCm.contains(allDepths[k])
                && f[k] >= MonteCarloOptics.rseSurfaceFraction * f[0]
            {
                worst = max(worst, f[k] > 0 ? se[k] / f[k] : .infinity)
            }
            factors.append(Array(f.dropFirst()))
            errors.append(Array(se.dropFirst()))
        }
        self.factors = factors
        standardErrors = errors
        largestRequiredRSE = worst
    }

    /// Equal when every field is, NaN standard errors and RSEs (unknown) matching NaN.
    public static func == (a: SkinFluenceTable, b: SkinFluenceTable) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        func same(_ x: [[Double]], _ y: [[Double]]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy(same) }
        }
        return a.wavelengthsNM == b.wavelengthsNM && a.depthsCm == b.depthsCm && a.factors == b.factors
            && same(a.standardErrors, b.standardErrors) && a.nodesNM == b.nodesNM
            && a.photonsByNode == b.photonsByNode && same(a.largestRequiredRSE, b.largestRequiredRSE)
            && a.workLimited == b.workLimited
    }

    /// The mean of `f` over [low, high] by the Gauss–Legendre rule on each piece between the
    /// `splits` (layer boundaries) inside it.
    static func cellMean(low: Double, high: Double, splits: [Double], _ f: (Double) -> Double) -> Double {
        let points = [low] + splits.filter { $0 > low && $0 < high } + [high]
        var integral = 0.0
        for (a, b) in zip(points, points.dropFirst()) { integral += (b - a) * rule.mean(low: a, high: b, f) }
        return integral / (high - low)
    }

    /// A node holds to the target RSE every depth whose predicted f/f(0) somewhere between its
    /// neighbouring nodes reaches this fraction of the required threshold (see `run`).
    static let nodeMargin = 0.7

    /// How much higher f(z_k)/f(0) can be between node n's neighbours than at node n, by the
    /// diffusion fluence's shape s(λ, z) = f_D(z, λ)/f_D(0, λ): A_nk = max s(λ, z_k)/s(λ_n, z_k)
    /// over the listed λ in [λ_{n−1}, λ_{n+1}] (≥ 1).
    static func amplification(
        optics: SkinOptics, nodes: [Double], wavelengths: [Double], depthsCm: [Double]
    )
        -> [[Double]]
    {
        func shape(_ wavelength: Double) -> [Double] {
            let p = optics.properties(at: wavelength)
            let surface = optics.fluenceFactor(p, depthCm: 0)
            return depthsCm.map { optics.fluenceFactor(p, depthCm: $0) / surface }
        }
        return nodes.indices.map { n in
            let own = shape(nodes[n])
            let low = nodes[max(n - 1, 0)]
            let high = nodes[min(n + 1, nodes.count - 1)]
            var worst = Array(repeating: 1.0, count: depthsCm.count)
            for wavelength in wavelengths where wavelength >= low && wavelength <= high {
                for (k, value) in shape(wavelength).enumerated() where own[k] > 0 {
                    worst[k] = max(worst[k], value / own[k])
                }
            }
            return worst
        }
    }

    /// Runs every node, spread over `options.jobs` threads (the costliest, longest wavelengths,
    /// first), each node on one thread, telling `options.progress` 0 nodes done before and the
    /// count done as each is delivered. With a target RSE, node n holds to it every depth z_k in
    /// `MonteCarloOptics.rseDepthRangeCm` with ⟨f_MC⟩_k/⟨f_MC⟩_0 · A_nk ≥ `nodeMargin` ×
    /// `rseSurfaceFraction` (A from `amplification`): every depth that may be required at a
    /// wavelength interpolated from node n.
    package static func run(
        media: [LayeredMedium], cells: FluenceCells, depthsCm: [Double], amplification: [[Double]],
        options: MonteCarloOptics
    ) -> [SkinFluenceNode] {
        let surface = cells.cell(of: 0)
        let candidates = depthsCm.indices.filter {
            depthsCm[$0] > 0 && MonteCarloOptics.rseDepthRangeCm.contains(depthsCm[$0])
        }
        let cellOf = depthsCm.map { cells.cell(of: $0) }
        let threshold = nodeMargin * MonteCarloOptics.rseSurfaceFraction
        let required: @Sendable (Int, [Double]) -> [Int] = { n, means in
            candidates.filter { means[cellOf[$0]] * amplification[n][$0] >= threshold * means[surface] }
                .map { cellOf[$0] }
        }
        let precision = options.precision
        let seed = options.seed
        let budget = options.maxSteps.map { StepBudget(bound: $0) }
        var results = [SkinFluenceNode?](repeating: nil, count: media.count)
        var done = 0
        options.progress?(0, media.count)
        OrderedParallel.run(
            items: Array(media.indices.reversed()), jobs: options.jobs,
            work: { n in
                SkinFluenceNode.run(
                    medium: media[n], cells: cells, precision: precision, seed: seed, budget: budget,
                    required: { required(n, $0) })
            },
            deliver: { n, node in
                results[n] = node
                done += 1
                options.progress?(done, media.count)
                return true
            })
        return results.map { $0! }
    }
}
