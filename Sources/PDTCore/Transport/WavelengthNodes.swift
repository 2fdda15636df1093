import Foundation

/// The wavelength nodes at which `SkinFluenceTable` runs the Monte Carlo transport.
enum WavelengthNodes {
    /// The nodes for ascending distinct `wavelengths` (nm) with `rule`; `media[i]` is the layered
    /// medium at `wavelengths[i]`. The first and last wavelengths are always nodes.
    ///
    /// For `.adaptive(δ, Δλ)`, with u_l(λ) = ln(μa,l/μs′,l) for every layer l (μs′ = μs(1 − g),
    /// μa floored at 10⁻⁹ μs′), a greedy walk from each node λ_i extends the interval to the next
    /// listed λ_j as long as λ_j ≤ λ_i + Δλ and, for every listed λ_m between them and every
    /// layer, |u_l(λ_m) − [u_l(λ_i) + (λ_m − λ_i)(u_l(λ_j) − u_l(λ_i))/(λ_j − λ_i)]| ≤ δ; the
    /// last λ_j that passes is the next node. So the piecewise-linear interpolant of u through
    /// the nodes is within δ of u at every listed wavelength.
    static func select(
        wavelengths: [Double], media: [LayeredMedium], rule: MonteCarloOptics.Nodes
    ) -> [Double] {
        guard let first = wavelengths.first, let last = wavelengths.last else { return [] }
        switch rule {
        case .all:
            return wavelengths
        case .every(let step):
            var nodes = Array(stride(from: first, to: last, by: step))
            if nodes.last != last { nodes.append(last) }
            return nodes
        case .adaptive(let tolerance, let maxStep):
            let u: [[Double]] = media.map { medium in
                medium.layers.map { layer in
                    let reduced = layer.musPerCm * (1 - layer.anisotropyG)
                    return log(max(layer.muaPerCm, 1e-9 * reduced) / reduced)
                }
            }
            func straight(_ i: Int, _ j: Int) -> Bool {
                for m in (i + 1)..<j {
                    let t = (wavelengths[m] - wavelengths[i]) / (wavelengths[j] - wavelengths[i])
                    for l in u[m].indices where abs(u[m][l] - (u[i][l] + t * (u[j][l] - u[i][l]))) > tolerance {
                        return false
                    }
                }
                return true
            }
            var indices = [0]
            var i = 0
            while i < wavelengths.count - 1 {
                var j = i + 1
                while j + 1 < wavelengths.count && wavelengths[j + 1] - wavelengths[i] <= maxStep
                    && straight(i, j + 1)
                {
                    j += 1
                }
                indices.append(j)
                i = j
            }
            return indices.map { wavelengths[$0] }
        }
    }
}
