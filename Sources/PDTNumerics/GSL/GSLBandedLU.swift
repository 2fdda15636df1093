import CGSL

/// GSL's own banded LU (`gsl_linalg_LU_band_decomp`, `gsl_linalg_LU_band_solve`) on Swift arrays in
/// the storage `BandedLU` uses: the reference that pdtsim's factorisation is tested against.
///
/// `storage` holds n rows of 2l + u + 1 entries (row j: column j of A, A[i, j] at l + u + i − j).
enum GSLBandedLU {
    /// Factorises `storage` in place. Returns GSL's status and its pivots (`pivots[j]`: the 0-based
    /// row interchanged with row j). GSL returns `GSL_SUCCESS` for an exactly singular matrix too,
    /// dividing by the zero pivot.
    static func factorise(
        _ storage: inout [Double], dimension n: Int, lower: Int, upper: Int
    ) -> (
        status: GSLStatus, pivots: [UInt32]
    ) {
        GSL.prepare()
        let width = 2 * lower + upper + 1
        precondition(n >= 1 && storage.count == n * width)
        var pivots = [UInt32](repeating: 0, count: n)
        let status = storage.withUnsafeMutableBufferPointer { data in
            pivots.withUnsafeMutableBufferPointer { pivotData in
                var matrix = gsl_matrix_view_array(data.baseAddress, n, width)
                var pivotVector = gsl_vector_uint_view_array(pivotData.baseAddress, n)
                return gsl_linalg_LU_band_decomp(n, lower, upper, &matrix.matrix, &pivotVector.vector)
            }
        }
        return (GSLStatus(code: status), pivots)
    }

    /// Solves A x = b from the factors and pivots of `factorise`. Returns GSL's status and x.
    static func solve(
        _ factors: [Double], pivots: [UInt32], dimension n: Int, lower: Int, upper: Int, b: [Double]
    ) -> (status: GSLStatus, x: [Double]) {
        GSL.prepare()
        let width = 2 * lower + upper + 1
        precondition(factors.count == n * width && pivots.count == n && b.count == n)
        var factors = factors
        var pivots = pivots
        var b = b
        var x = [Double](repeating: 0, count: n)
        let status = factors.withUnsafeMutableBufferPointer { data in
            pivots.withUnsafeMutableBufferPointer { pivotData in
                b.withUnsafeMutableBufferPointer { bData in
                    x.withUnsafeMutableBufferPointer { xData in
                        var matrix = gsl_matrix_view_array(data.baseAddress, n, width)
                        var pivotVector = gsl_vector_uint_view_array(pivotData.baseAddress, n)
                        var bVector = gsl_vector_view_array(bData.baseAddress, n)
                        var xVector = gsl_vector_view_array(xData.baseAddress, n)
                        return gsl_linalg_LU_band_solve(
                            lower, upper, &matrix.matrix, &pivotVector.vector, &bVector.vector, &xVector.vector)
                    }
                }
            }
        }
        return (GSLStatus(code: status), x)
    }
}
