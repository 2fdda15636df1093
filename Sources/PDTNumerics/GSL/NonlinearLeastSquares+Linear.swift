import CGSL
import Foundation

/// The dense linear algebra and distribution quantiles the statistics of a fit need, from GSL.
public enum FitLinearAlgebra {
    /// (JᵀJ)⁻¹ of a row-major n × p Jacobian by `gsl_multifit_nlinear_covar` (QR with column
    /// pivoting; columns whose |R_kk| ≤ epsrel |R_11| are treated as dependent and their rows and
    /// columns zeroed). Row-major p × p.
    public static func covariance(jacobian: [Double], rows n: Int, columns p: Int, epsrel: Double = 0) -> [Double] {
        GSL.prepare()
        let j = matrix(jacobian, rows: n, columns: p)
        defer { gsl_matrix_free(j) }
        let c = gsl_matrix_alloc(p, p)!
        defer { gsl_matrix_free(c) }
        _ = gsl_multifit_nlinear_covar(j, epsrel, c)
        return elements(c)
    }

    /// The singular values (descending) and right singular vectors (columns of V, row-major p × p)
    /// of a row-major n × p matrix, by `gsl_linalg_SV_decomp` (one-sided Jacobi,
    /// `gsl_linalg_SV_decomp_jacobi`, when n < p is padded with zero rows, which leaves Σ and V
    /// unchanged).
    public static func singularValues(
        _ a: [Double], rows n: Int, columns p: Int
    ) -> (values: [Double], vectors: [Double]) {
        GSL.prepare()
        let m = max(n, p)
        var padded = a
        padded.append(contentsOf: [Double](repeating: 0, count: (m - n) * p))
        let u = matrix(padded, rows: m, columns: p)
        defer { gsl_matrix_free(u) }
        let v = gsl_matrix_alloc(p, p)!
        defer { gsl_matrix_free(v) }
        let s = gsl_vector_alloc(p)!
        defer { gsl_vector_free(s) }
        _ = gsl_linalg_SV_decomp_jacobi(u, v, s)
        return ((0..<p).map { gsl_vector_get(s, $0) }, elements(v))
    }

    /// The inverse of a symmetric positive-definite p × p matrix by Cholesky
    /// (`gsl_linalg_cholesky_decomp1`, `gsl_linalg_cholesky_invert`); nil when it is not positive definite.
    public static func inverseSPD(_ a: [Double], size p: Int) -> [Double]? {
        GSL.prepare()
        let m = matrix(a, rows: p, columns: p)
        defer { gsl_matrix_free(m) }
        guard gsl_linalg_cholesky_decomp1(m) == GSLStatus.success.code,
            gsl_linalg_cholesky_invert(m) == GSLStatus.success.code
        else { return nil }
        return elements(m)
    }

    /// The quantile of Student's t with `dof` degrees of freedom (`gsl_cdf_tdist_Pinv`).
    public static func tQuantile(_ probability: Double, dof: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_tdist_Pinv(probability, dof)
    }

    /// The standard normal quantile (`gsl_cdf_ugaussian_Pinv`).
    public static func normalQuantile(_ probability: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_Pinv(probability)
    }

    /// The χ² quantile with `dof` degrees of freedom (`gsl_cdf_chisq_Pinv`): 3.841 for 0.95 and 1.
    public static func chiSquareQuantile(_ probability: Double, dof: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_chisq_Pinv(probability, dof)
    }

    /// The β quantile (`gsl_cdf_beta_Pinv`), for Clopper–Pearson binomial intervals.
    public static func betaQuantile(_ probability: Double, a: Double, b: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_beta_Pinv(probability, a, b)
    }

    static func matrix(_ a: [Double], rows: Int, columns: Int) -> UnsafeMutablePointer<gsl_matrix> {
        let m = gsl_matrix_alloc(rows, columns)!
        for r in 0..<rows {
            for c in 0..<columns { gsl_matrix_set(m, r, c, a[r * columns + c]) }
        }
        return m
    }

    static func elements(_ m: UnsafeMutablePointer<gsl_matrix>) -> [Double] {
        var out: [Double] = []
        for r in 0..<m.pointee.size1 {
            for c in 0..<m.pointee.size2 { out.append(gsl_matrix_get(m, r, c)) }
        }
        return out
    }
}
