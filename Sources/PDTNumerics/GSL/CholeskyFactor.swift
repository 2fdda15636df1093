import CGSL

/// The Cholesky factor L of a symmetric positive-definite matrix C = L Lᵀ
/// (`gsl_linalg_cholesky_decomp1`), and the few operations rank correlation needs with it.
public struct CholeskyFactor: Sendable {
    /// The order n of the matrix.
    public let order: Int
    /// L, row-major, n × n, zero above the diagonal.
    public let lower: [Double]

    /// Factors `matrix` (row-major, n × n, symmetric); nil when it is not positive definite
    /// (GSL_EDOM).
    public init?(_ matrix: [Double], order: Int) {
        precondition(matrix.count == order * order && order >= 1, "Cholesky of a \(matrix.count)-element matrix")
        GSL.prepare()
        var a = matrix
        let status = a.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var view = gsl_matrix_view_array(buffer.baseAddress, order, order)
            return gsl_linalg_cholesky_decomp1(&view.matrix)
        }
        guard GSLStatus(code: status) == .success else { return nil }
        for row in 0..<order {
            for column in row + 1..<order { a[row * order + column] = 0 }
        }
        self.order = order
        self.lower = a
    }

    /// Solves L x = b by forward substitution (`b` of length n).
    public func solveLower(_ b: [Double]) -> [Double] {
        var x = b
        for i in 0..<order {
            var sum = x[i]
            for k in 0..<i { sum -= lower[i * order + k] * x[k] }
            x[i] = sum / lower[i * order + i]
        }
        return x
    }

    /// L x for `x` of length n.
    public func multiplyLower(_ x: [Double]) -> [Double] {
        (0..<order).map { i in (0...i).reduce(0.0) { $0 + lower[i * order + $1] * x[$1] } }
    }
}
