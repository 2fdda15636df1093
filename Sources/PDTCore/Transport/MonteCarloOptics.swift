/// How the Monte Carlo fluence factors of a skin (`SkinFluenceTable`) are computed: how precise
/// each wavelength node is, where the nodes are, the seed, the threads, the anisotropy of the
/// optics table's skin, and the disk cache.
public struct MonteCarloOptics: Sendable, Equatable {
    /// How many packets run at each wavelength node.
    public enum Precision: Sendable, Equatable {
        /// Exactly this many packets per node.
        case photons(Int)
        /// Batches of `SkinFluenceTable.batchPhotons` packets until, at the node, the largest
        /// relative standard error of f over the required region (every requested depth in
        /// [`rseDepthRangeCm`] where f ≥ `rseSurfaceFraction` × f(0)) is at most `rse`; checked
        /// after `SkinFluenceTable.minimumBatches` batches and every `checkBatches` after; at most
        /// `maxPhotons` packets per node. A node holds to the target every depth that may be
        /// required at a wavelength interpolated from it (`SkinFluenceTable.run`), and between
        /// nodes the interpolated f has at most the larger RSE of its two nodes.
        case targetRSE(Double, maxPhotons: Int)
    }

    /// Where the wavelength nodes of the Monte Carlo runs lie; between nodes the ratio
    /// f_MC/f_diffusion is interpolated linearly in wavelength.
    public enum Nodes: Sendable, Equatable {
        /// Every listed wavelength (no interpolation).
        case all
        /// Every `step` nm over the list's range, its ends included.
        case every(Double)
        /// Chosen from the listed wavelengths so that between two consecutive nodes the
        /// dimensionless absorptions u = ln(μa/μs′) of every layer (the quantities the ratio
        /// f_MC/f_diffusion depends on besides the slowly varying μs′ and n) depart from their
        /// straight line in λ by at most `tolerance`, and nodes are at most `maxStepNM` apart:
        /// dense in the Soret (≈ 400–430 nm) and Q (540–580 nm) bands of haemoglobin, sparse
        /// elsewhere.
        case adaptive(tolerance: Double, maxStepNM: Double)
    }

    /// The default adaptive nodes.
    public static let defaultNodes = Nodes.adaptive(tolerance: 0.05, maxStepNM: 40)
    /// The default precision: 1 % relative standard error, at most 4·10⁶ packets per node.
    public static let defaultPrecision = Precision.targetRSE(0.01, maxPhotons: 4_000_000)
    /// The depth range in cm over which a target RSE is met (0.05–1 mm).
    public static let rseDepthRangeCm: ClosedRange<Double> = 0.005...0.1
    /// The fraction of the surface fluence factor below which a depth is not held to the target.
    public static let rseSurfaceFraction = 0.05

    public var precision: Precision
    public var nodes: Nodes
    public var seed: UInt64
    /// Worker threads; the table does not depend on it.
    public var jobs: Int
    /// The anisotropy g of the skin `OpticsTable.monteCarloFluenceFactors` builds.
    public var anisotropyG: Double
    /// Where finished tables are stored and looked up; nil for none.
    public var cache: TransportCache?
    /// The most packet steps (flights to an interaction or a boundary) the whole table may take,
    /// over all its wavelength nodes (`StepBudget`); nil for no bound. A table that needs more is marked
    /// `SkinFluenceTable.workLimited` and not cached.
    public var maxSteps: Int?
    /// Told (0, nodes) when a table's computation starts and (nodes done, nodes) each time one of
    /// its wavelength nodes finishes, on the thread that builds the table; never called when the
    /// table is read from the cache. It does not change the table, so it is not part of equality.
    public var progress: Progress?

    /// A table's progress: wavelength nodes done, of the table's nodes.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public init(
        precision: Precision = MonteCarloOptics.defaultPrecision, nodes: Nodes = MonteCarloOptics.defaultNodes,
        seed: UInt64, jobs: Int, anisotropyG: Double = SkinTransport.defaultAnisotropyG, cache: TransportCache? = nil
    ) {
        self.precision = precision
        self.nodes = nodes
        self.seed = seed
        self.jobs = jobs
        self.anisotropyG = anisotropyG
        self.cache = cache
    }

    /// `photons` packets at nodes every `stepNM` nm (every listed wavelength when nil).
    public init(
        photons: Int, seed: UInt64, jobs: Int, stepNM: Double?, anisotropyG: Double, cache: TransportCache? = nil
    ) {
        self.init(
            precision: .photons(photons), nodes: stepNM.map { .every($0) } ?? .all, seed: seed, jobs: jobs,
            anisotropyG: anisotropyG, cache: cache)
    }

    /// Equal when every setting but `progress` is.
    public static func == (a: MonteCarloOptics, b: MonteCarloOptics) -> Bool {
        a.precision == b.precision && a.nodes == b.nodes && a.seed == b.seed && a.jobs == b.jobs
            && a.anisotropyG == b.anisotropyG && a.cache == b.cache && a.maxSteps == b.maxSteps
    }

    /// The text naming the precision in a cache key.
    var precisionKey: String {
        switch precision {
        case .photons(let n): "photons=\(n)"
        case .targetRSE(let r, let cap):
            "target_rse=\(r) max_photons=\(cap) rse_depths_cm=\(Self.rseDepthRangeCm.lowerBound)..."
                + "\(Self.rseDepthRangeCm.upperBound) rse_surface_fraction=\(Self.rseSurfaceFraction)"
        }
    }
}
