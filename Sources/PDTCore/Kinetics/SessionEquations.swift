import PDTNumerics

/// The depth-resolved session equations of Models/MODEL.md §5 on a `DepthGrid`, with their analytic
/// Jacobian.
///
/// Per cell k: prodrug aₖ, PpIX pₖ, ground-state oxygen oₖ, reacted singlet oxygen dₖ (all µM):
///
///     syn = Vₖ a/(f_K K_m + a)                  R = q kₖ p o/(o + β)
///     da/dt = ∇·D_a∇a − 8 syn − k_el a  [+ P_sc (C_cream − a₀)/h₀ in cell 0 while the cream is on]
///     dp/dt = syn − k_cl p − σ (p + δ_PS) R
///     do/dt = ∇·D_O₂∇o − R + gₖ (1 − o/o₀)
///     dd/dt = R
///
/// with the finite-volume operator (∇·D∇c)ₖ = (F_{k+½} − F_{k−½})/hₖ,
/// F_{k+½} = D (c_{k+1} − cₖ)/(z_{k+1} − zₖ), and no flux through z = 0 or z = L.
///
/// States are interleaved by cell, so the Jacobian is banded with lower and upper bandwidth equal to
/// the states per cell. In the dark (incubation, after-care) R = 0 and a, p do not depend on o, d:
/// those phases carry only (a, p) per cell. While the cream is on, one more state before the cells
/// accumulates the prodrug that crossed the surface, u = ∫ P_sc (C_cream − a₀) dt in nmol/cm² (µM·cm);
/// it depends on a₀ alone, which keeps the band.
public struct SessionEquations: Sendable {
    /// Which states the vector holds and which terms are active.
    public struct Layout: Sendable, Equatable {
        /// True: (a, p, o, d) per cell; false: (a, p) per cell.
        public var withOxygen: Bool
        /// The cream term in cell 0 (and the uptake accumulator) is active.
        public var creamOn: Bool
        /// The excitation rate kₖ is applied (light on); false in the dark, R = 0.
        public var lightOn: Bool

        public init(withOxygen: Bool, creamOn: Bool, lightOn: Bool) {
            precondition(withOxygen || !lightOn, "light needs the oxygen states")
            self.withOxygen = withOxygen
            self.creamOn = creamOn
            self.lightOn = lightOn
        }

        /// States per cell.
        public var stride: Int { withOxygen ? 4 : 2 }

        /// Index of cell 0's prodrug: 1 when the uptake accumulator comes first, else 0.
        public var first: Int { creamOn ? 1 : 0 }

        /// Index of `component` (0 a, 1 p, 2 o, 3 d) of cell `k`.
        @inline(__always)
        public func index(cell k: Int, _ component: Int) -> Int { first + k * stride + component }
    }

    public let cells: Int
    let widths: [Double]
    /// D/(z_{k+1} − zₖ) for the faces k + ½, k = 0 … n − 2, cm/s.
    let prodrugConductance: [Double]
    let oxygenConductance: [Double]
    /// Vₖ, µM/s (sebaceous share scaled by S_act).
    public let synthesis: [Double]
    /// gₖ, µM/s.
    public let supply: [Double]
    /// kₖ, the PpIX excitation rate at the cell centre under the light, 1/s.
    public let excitation: [Double]
    /// f_K K_m, the cream's Michaelis constant of PpIX synthesis, µM.
    let michaelis: Double
    let elimination: Double
    let clearance: Double
    let yield: Double
    let beta: Double
    let sigma: Double
    let deltaPS: Double
    let oxygenBaseline: Double
    let creamUM: Double
    let permeability: Double

    /// - Parameters:
    ///   - synthesis: Vₖ per cell, µM/s; `supply`: gₖ per cell, µM/s; `excitation`: kₖ, 1/s.
    public init(
        grid: DepthGrid, kinetics: Kinetics, cream: Cream, synthesis: [Double], supply: [Double],
        excitation: [Double]
    ) {
        precondition(synthesis.count == grid.count && supply.count == grid.count && excitation.count == grid.count)
        cells = grid.count
        widths = grid.widths
        let spacing = (0..<max(grid.count - 1, 0)).map { grid.centres[$0 + 1] - grid.centres[$0] }
        prodrugConductance = spacing.map { kinetics.prodrugDiffusionCm2PerS / $0 }
        oxygenConductance = spacing.map { kinetics.oxygenDiffusionCm2PerS / $0 }
        self.synthesis = synthesis
        self.supply = supply
        self.excitation = excitation
        michaelis = kinetics.michaelisConstantUM * cream.michaelisFactor
        elimination = kinetics.prodrugEliminationPerS
        clearance = kinetics.clearancePerS
        yield = kinetics.singletOxygenYield
        beta = kinetics.oxygenHalfSaturationUM
        sigma = kinetics.bleachingPerUM
        deltaPS = kinetics.bleachingOffsetUM
        oxygenBaseline = kinetics.oxygenBaselineUM
        creamUM = cream.concentrationUM
        permeability = cream.permeabilityCmPerS
    }

    /// The length of the state vector for `layout`.
    public func dimension(_ layout: Layout) -> Int { cells * layout.stride + layout.first }

    /// The index of the uptake accumulator (valid when the cream is on).
    public let uptakeIndex = 0

    /// The ODE system for `layout`, banded with bandwidth `layout.stride`.
    public func system(_ layout: Layout) -> ODESystem {
        let equations = self
        return ODESystem(
            dimension: dimension(layout),
            rhs: { _, y, dydt in equations.rhs(layout, y, dydt) },
            jacobian: { _, y, dfdy, _ in equations.jacobian(layout, y, dfdy) },
            bandwidth: ODESystem.Bandwidth(lower: layout.stride, upper: layout.stride))
    }

    /// (∇·D∇c)ₖ for the component at `index` (cell k) in a vector with `stride` states per cell.
    @inline(__always)
    func diffusion(_ y: ODEState, cell k: Int, index: Int, stride: Int, conductance: [Double]) -> Double {
        let c = y[index]
        var flux = 0.0
        if k + 1 < cells { flux += conductance[k] * (y[index + stride] - c) }
        if k > 0 { flux -= conductance[k - 1] * (c - y[index - stride]) }
        return flux / widths[k]
    }

    func rhs(_ layout: Layout, _ y: ODEState, _ dydt: ODEDerivative) {
        let stride = layout.stride
        for k in 0..<cells {
            let base = layout.index(cell: k, 0)
            let a = y[base]
            let p = y[base + 1]
            let syn = synthesis[k] * a / (michaelis + a)
            var da =
                diffusion(y, cell: k, index: base, stride: stride, conductance: prodrugConductance)
                - Kinetics.prodrugPerPpIX * syn - elimination * a
            if k == 0 && layout.creamOn { da += permeability * (creamUM - a) / widths[0] }
            var dp = syn - clearance * p
            if layout.withOxygen {
                let o = y[base + 2]
                let r = layout.lightOn ? yield * excitation[k] * p * o / (o + beta) : 0
                dp -= sigma * (p + deltaPS) * r
                dydt[base + 2] =
                    diffusion(y, cell: k, index: base + 2, stride: stride, conductance: oxygenConductance) - r
                    + supply[k] * (1 - o / oxygenBaseline)
                dydt[base + 3] = r
            }
            dydt[base] = da
            dydt[base + 1] = dp
        }
        if layout.creamOn { dydt[uptakeIndex] = permeability * (creamUM - y[layout.first]) }
    }

    /// ∂f/∂y; the caller has zeroed the matrix.
    func jacobian(_ layout: Layout, _ y: ODEState, _ j: ODEJacobian) {
        let stride = layout.stride
        for k in 0..<cells {
            let base = layout.index(cell: k, 0)
            let a = y[base]
            let p = y[base + 1]
            let dSyn = synthesis[k] * michaelis / ((michaelis + a) * (michaelis + a))
            diffusionJacobian(j, cell: k, row: base, stride: stride, conductance: prodrugConductance)
            j[base, base] += -Kinetics.prodrugPerPpIX * dSyn - elimination
            if k == 0 && layout.creamOn {
                j[base, base] -= permeability / widths[0]
                j[uptakeIndex, base] = -permeability
            }
            j[base + 1, base] = dSyn
            j[base + 1, base + 1] = -clearance
            if layout.withOxygen {
                let o = y[base + 2]
                diffusionJacobian(j, cell: k, row: base + 2, stride: stride, conductance: oxygenConductance)
                j[base + 2, base + 2] -= supply[k] / oxygenBaseline
                if layout.lightOn {
                    let qk = yield * excitation[k]
                    let r = qk * p * o / (o + beta)
                    let dRdp = qk * o / (o + beta)
                    let dRdo = qk * p * beta / ((o + beta) * (o + beta))
                    j[base + 1, base + 1] -= sigma * r + sigma * (p + deltaPS) * dRdp
                    j[base + 1, base + 2] = -sigma * (p + deltaPS) * dRdo
                    j[base + 2, base + 1] = -dRdp
                    j[base + 2, base + 2] -= dRdo
                    j[base + 3, base + 1] = dRdp
                    j[base + 3, base + 2] = dRdo
                }
            }
        }
    }

    @inline(__always)
    func diffusionJacobian(_ j: ODEJacobian, cell k: Int, row: Int, stride: Int, conductance: [Double]) {
        if k + 1 < cells {
            let c = conductance[k] / widths[k]
            j[row, row] -= c
            j[row, row + stride] = c
        }
        if k > 0 {
            let c = conductance[k - 1] / widths[k]
            j[row, row] -= c
            j[row, row - stride] = c
        }
    }
}
