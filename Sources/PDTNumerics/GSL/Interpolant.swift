import CGSL

/// A one-dimensional interpolant y(x) through nodes (xᵢ, yᵢ) from GSL (`gsl_interp_init`,
/// `gsl_interp_eval`): a natural cubic spline (`gsl_interp_cspline`, C², error O(h⁴) for a smooth
/// function) or Steffen's monotone cubic (`gsl_interp_steffen`, C¹, no overshoot between nodes).
///
/// Immutable after `init`: `gsl_interp_eval` without an accelerator only reads the coefficients, so
/// one interpolant may be evaluated from many threads.
public final class Interpolant: @unchecked Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case cspline
        case steffen
    }

    public let nodes: [Double]
    public let values: [Double]
    private let interp: OpaquePointer

    /// Precondition: at least 3 nodes, strictly ascending, and as many values.
    public init(nodes: [Double], values: [Double], kind: Kind) {
        precondition(nodes.count >= 3 && nodes.count == values.count, "an interpolant of at least 3 nodes")
        precondition(zip(nodes, nodes.dropFirst()).allSatisfy { $0 < $1 }, "interpolation nodes must ascend")
        let type = kind == .cspline ? pdt_interp_cspline() : pdt_interp_steffen()
        guard let interp = gsl_interp_alloc(type, nodes.count) else {
            preconditionFailure("gsl_interp_alloc failed: out of memory")
        }
        self.nodes = nodes
        self.values = values
        self.interp = OpaquePointer(interp)
        let status = nodes.withUnsafeBufferPointer { x in
            values.withUnsafeBufferPointer { y in gsl_interp_init(interp, x.baseAddress, y.baseAddress, nodes.count) }
        }
        precondition(status == GSL_SUCCESS, "gsl_interp_init failed with status \(status)")
    }

    deinit { gsl_interp_free(UnsafeMutablePointer(interp)) }

    /// y(x) for x in [x₀, xₙ₋₁]; the node's own value at a node.
    public func callAsFunction(_ x: Double) -> Double {
        if let i = nodes.firstIndex(of: x) { return values[i] }
        return nodes.withUnsafeBufferPointer { xs in
            values.withUnsafeBufferPointer { ys in
                gsl_interp_eval(UnsafePointer(interp), xs.baseAddress, ys.baseAddress, x, nil)
            }
        }
    }
}
