/// LU factorisation with partial pivoting of an n × n band matrix A (lower bandwidth l, upper u), and
/// the solve with its factors: LAPACK's dgbtf2 and dgbtrs, written out on GSL's banded LU layout.
///
/// Storage (that of `gsl_linalg_LU_band_decomp`): an n × (2l + u + 1) row-major array AB with row
/// stride `rowStride` ≥ 2l + u + 1, where row j holds column j of A: A[i, j] = AB[j, l + u + i − j]
/// for j − u ≤ i ≤ j + l. The first l entries of each row take the fill-in of the row interchanges.
/// On return row j holds column j of U (U[i, j] at AB[j, l + u + i − j] for j − l − u ≤ i ≤ j) and,
/// after the diagonal, the multipliers of L (L[j + k, j] at AB[j, l + u + k], k = 1 … l); `pivots[j]`
/// is the row (0-based) interchanged with row j at step j, as GSL stores it.
///
/// GSL has this factorisation (`gsl_linalg_LU_band_decomp`, `gsl_linalg_LU_band_solve`) and
/// pdtsim's tests compare against it, but pdtsim does its own for two reasons: GSL builds a BLAS
/// vector view per column and per row, which costs more than the arithmetic at pdtsim's bandwidths
/// (this is the innermost work of every Rosenbrock step); and GSL does not report a singular matrix:
/// it divides by an exactly-zero pivot and returns `GSL_SUCCESS` with infinite and NaN factors, where
/// dgbtf2 reports the first zero pivot (INFO) and leaves the factors finite.
enum BandedLU {
    /// Factorises A in place (dgbtf2). Returns LAPACK's INFO: 0 when every pivot is non-zero, else
    /// the 1-based index j of the first exactly-zero pivot U[j − 1, j − 1]. As in dgbtf2 the
    /// factorisation is completed all the same (a column with a zero pivot is left unscaled), but U
    /// is then singular and `solve` must not be used.
    ///
    /// Preconditions: n ≥ 1; `data` holds n rows of `rowStride` ≥ 2l + u + 1 entries; `pivots` n.
    static func factorise(
        _ data: UnsafeMutablePointer<Double>, rowStride: Int, dimension n: Int, lower: Int, upper: Int,
        pivots: UnsafeMutablePointer<UInt32>
    ) -> Int {
        let d = lower &+ upper
        for j in 0..<n {
            let row = data + (j &* rowStride)
            for k in 0..<lower { row[k] = 0 }
        }
        var info = 0
        // A[i, c] lives at data[c * rowStride + d + i − c].
        var lastColumn = 0
        for j in 0..<n {
            let column = data + (j &* rowStride &+ d)
            let below = min(lower, n &- 1 &- j)
            var pivotOffset = 0
            var largest = abs(column[0])
            for p in stride(from: 1, through: below, by: 1) where abs(column[p]) > largest {
                largest = abs(column[p])
                pivotOffset = p
            }
            pivots[j] = UInt32(j &+ pivotOffset)
            guard largest != 0 else {
                if info == 0 { info = j &+ 1 }
                continue
            }
            lastColumn = max(lastColumn, min(j &+ upper &+ pivotOffset, n &- 1))
            if pivotOffset != 0 {
                for c in j...lastColumn {
                    let base = data + (c &* rowStride &+ d &+ j &- c)
                    (base[0], base[pivotOffset]) = (base[pivotOffset], base[0])
                }
            }
            let inverse = 1 / column[0]
            var p = 1
            while p <= below {
                column[p] *= inverse
                p &+= 1
            }
            if lastColumn > j {
                for c in (j &+ 1)...lastColumn {
                    let target = data + (c &* rowStride &+ d &+ j &- c)
                    let factor = target[0]
                    if factor == 0 { continue }
                    axpy(below, -factor, column + 1, target + 1)
                }
            }
        }
        return info
    }

    /// Solves A x = b in place in `x` from the factors of `factorise` (dgbtrs, no transpose): the row
    /// interchanges and the unit lower factor L (at most l multipliers per column), then back
    /// substitution with U, which has l + u superdiagonals.
    ///
    /// Preconditions: `factorise` returned 0 for this storage; `x` holds n entries (b on entry).
    static func solve(
        _ data: UnsafePointer<Double>, rowStride: Int, dimension n: Int, lower: Int, upper: Int,
        pivots: UnsafePointer<UInt32>, x: UnsafeMutablePointer<Double>
    ) {
        let diagonal = lower &+ upper
        if lower > 0 {
            for j in 0..<(n &- 1) {
                let pivot = Int(pivots[j])
                if pivot != j { (x[j], x[pivot]) = (x[pivot], x[j]) }
                let xj = x[j]
                if xj == 0 { continue }
                let count = min(lower, n &- j &- 1)
                axpy(count, -xj, data + (j &* rowStride &+ diagonal &+ 1), x + (j &+ 1))
            }
        }
        var j = n &- 1
        while j >= 0 {
            let column = data + (j &* rowStride)
            let xj = x[j] / column[diagonal]
            x[j] = xj
            if xj != 0 {
                let first = max(0, j &- diagonal)
                // U[i, j] for i = first ..< j sits at column diagonal + i − j of row j.
                axpy(j &- first, -xj, column + (diagonal &+ first &- j), x + first)
            }
            j &-= 1
        }
    }
}

/// y[0 ..< count] += alpha · x[0 ..< count], as a plain counted loop: the innermost operation of the
/// banded factorisation and solves and of the Rosenbrock stage sums.
@inline(__always)
func axpy(_ count: Int, _ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    var i = 0
    while i < count {
        y[i] += alpha * x[i]
        i &+= 1
    }
}
