import CGSL

/// An n-point Gauss–Legendre rule on [0, 1] from GSL (`gsl_integration_glfixed_table_alloc`,
/// `gsl_integration_glfixed_point`): ∫₀¹ f(x) dx ≈ Σᵢ wᵢ f(xᵢ), exact for polynomials of degree
/// ≤ 2n − 1.
public struct GaussLegendre: Sendable, Equatable {
    /// Abscissae xᵢ in (0, 1), ascending.
    public let nodes: [Double]
    /// Weights wᵢ, summing to 1.
    public let weights: [Double]

    /// Precondition: `points` ≥ 1.
    public init(points: Int) {
        precondition(points >= 1, "a rule of at least one point")
        guard let table = gsl_integration_glfixed_table_alloc(points) else {
            preconditionFailure("gsl_integration_glfixed_table_alloc failed: out of memory")
        }
        defer { gsl_integration_glfixed_table_free(table) }
        var nodes: [Double] = []
        var weights: [Double] = []
        for i in 0..<points {
            var x = 0.0
            var w = 0.0
            gsl_integration_glfixed_point(0, 1, i, &x, &w, table)
            nodes.append(x)
            weights.append(w)
        }
        let order = nodes.indices.sorted { nodes[$0] < nodes[$1] }
        self.nodes = order.map { nodes[$0] }
        self.weights = order.map { weights[$0] }
    }

    /// The mean of `f` over [low, high] (low < high): Σᵢ wᵢ f(low + xᵢ (high − low)).
    public func mean(low: Double, high: Double, _ f: (Double) -> Double) -> Double {
        var sum = 0.0
        for (x, w) in zip(nodes, weights) { sum += w * f(low + x * (high - low)) }
        return sum
    }
}
