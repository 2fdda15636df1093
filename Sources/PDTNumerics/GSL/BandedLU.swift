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
///
/// How the loops are kept at their arithmetic: at bandwidth 2 or 4 a column has 2 to 8 entries to
/// update, so loop control would outweigh the multiply-adds. The entry points therefore (1) run the
/// columns in two passes, the first n − l (or n − l − u) with the full band and the last few with
/// what is left of it, so that the inner loops of the first pass count exactly l (or l + u) entries;
/// (2) instantiate the algorithm with the bandwidths as compile-time constants for the bands of
/// pdtsim's session kinetics, (2, 2) in the dark and (4, 4) under the light (`SessionEquations`:
/// lower = upper = the states per cell), so that the compiler unrolls those inner loops; every
/// other band runs the same code with run-time bandwidths; (3) step pointers through the storage
/// (A[i, c + 1] is rowStride − 1 entries after A[i, c]) rather than recompute indices, with
/// unchecked integer arithmetic. The floating-point operations and their order are exactly those of
/// the plain dgbtf2/dgbtrs loops.
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
        switch (lower, upper) {
        case (2, 2): return factorise2x2(data, rowStride: rowStride, n: n, pivots: pivots)
        case (4, 4): return factorise4x4(data, rowStride: rowStride, n: n, pivots: pivots)
        default: return factorise(data, rowStride: rowStride, n: n, l: lower, u: upper, pivots: pivots)
        }
    }

    /// The algorithm at l = u = 2 (2 states per cell). Each constant band is a function of its own:
    /// with both instantiations inlined into one caller the compiler kept one copy, with run-time
    /// bandwidths, for the band (4, 4).
    @inline(never)
    private static func factorise2x2(
        _ data: UnsafeMutablePointer<Double>, rowStride: Int, n: Int, pivots: UnsafeMutablePointer<UInt32>
    ) -> Int {
        factorise(data, rowStride: rowStride, n: n, l: 2, u: 2, pivots: pivots)
    }

    /// The algorithm at l = u = 4 (4 states per cell).
    @inline(never)
    private static func factorise4x4(
        _ data: UnsafeMutablePointer<Double>, rowStride: Int, n: Int, pivots: UnsafeMutablePointer<UInt32>
    ) -> Int {
        factorise(data, rowStride: rowStride, n: n, l: 4, u: 4, pivots: pivots)
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
        switch (lower, upper) {
        case (2, 2): solve2x2(data, rowStride: rowStride, n: n, pivots: pivots, x: x)
        case (4, 4): solve4x4(data, rowStride: rowStride, n: n, pivots: pivots, x: x)
        default: solve(data, rowStride: rowStride, n: n, l: lower, u: upper, pivots: pivots, x: x)
        }
    }

    /// The solve at l = u = 2, a function of its own as `factorise2x2` is.
    @inline(never)
    private static func solve2x2(
        _ data: UnsafePointer<Double>, rowStride: Int, n: Int, pivots: UnsafePointer<UInt32>,
        x: UnsafeMutablePointer<Double>
    ) {
        solve(data, rowStride: rowStride, n: n, l: 2, u: 2, pivots: pivots, x: x)
    }

    /// The solve at l = u = 4.
    @inline(never)
    private static func solve4x4(
        _ data: UnsafePointer<Double>, rowStride: Int, n: Int, pivots: UnsafePointer<UInt32>,
        x: UnsafeMutablePointer<Double>
    ) {
        solve(data, rowStride: rowStride, n: n, l: 4, u: 4, pivots: pivots, x: x)
    }

    /// dgbtf2 with bandwidths l and u: inlined into `factorise2x2`, `factorise4x4` and, for any other
    /// band, `factorise(_:rowStride:dimension:lower:upper:pivots:)`.
    ///
    /// Column j, with m = min(l, n − 1 − j) entries below the diagonal: the pivot is the first entry
    /// of largest magnitude among A[j … j + m, j]; rows j and j + p are interchanged in columns
    /// j … last (last: the rightmost column any interchange so far has reached, at most
    /// j + u + p); the multipliers are A[j + k, j] · (1 / pivot); and every column c = j + 1 … last
    /// with A[j, c] ≠ 0 gets A[j + k, c] += −A[j, c] · L[j + k, j], k = 1 … m.
    @inline(__always)
    private static func factorise(
        _ data: UnsafeMutablePointer<Double>, rowStride: Int, n: Int, l: Int, u: Int,
        pivots: UnsafeMutablePointer<UInt32>
    ) -> Int {
        let diagonal = l &+ u
        // From A[i, c] to A[i, c + 1] in the storage.
        let nextColumn = rowStride &- 1
        var row = data
        for _ in 0..<n {
            var k = 0
            while k < l {
                row[k] = 0
                k &+= 1
            }
            row += rowStride
        }
        var info = 0
        var lastColumn = 0

        /// Column j with `below` entries below the diagonal.
        @inline(__always)
        func eliminate(_ j: Int, below: Int) {
            // column[p] = A[j + p, j].
            let column = data + (j &* rowStride &+ diagonal)
            var pivotOffset = 0
            var largest = abs(column[0])
            var p = 1
            while p <= below {
                let size = abs(column[p])
                if size > largest {
                    largest = size
                    pivotOffset = p
                }
                p &+= 1
            }
            pivots[j] = UInt32(truncatingIfNeeded: j &+ pivotOffset)
            guard largest != 0 else {
                if info == 0 { info = j &+ 1 }
                return
            }
            lastColumn = max(lastColumn, min(j &+ u &+ pivotOffset, n &- 1))
            let columns = lastColumn &- j
            if pivotOffset != 0 {
                // entry[0] = A[j, c], entry[pivotOffset] = A[j + pivotOffset, c], c = j … lastColumn.
                var entry = column
                var c = 0
                while c <= columns {
                    (entry[0], entry[pivotOffset]) = (entry[pivotOffset], entry[0])
                    entry += nextColumn
                    c &+= 1
                }
            }
            let inverse = 1 / column[0]
            p = 1
            while p <= below {
                column[p] *= inverse
                p &+= 1
            }
            // target[p] = A[j + p, c], c = j + 1 … lastColumn.
            var target = column
            var c = 0
            while c < columns {
                target += nextColumn
                c &+= 1
                let factor = target[0]
                if factor == 0 { continue }
                let alpha = -factor
                p = 1
                while p <= below {
                    target[p] += alpha * column[p]
                    p &+= 1
                }
            }
        }

        // Columns 0 … n − l − 1 have l entries below the diagonal, the last l columns n − 1 − j.
        let fullColumns = max(0, n &- l)
        for j in 0..<fullColumns { eliminate(j, below: l) }
        for j in fullColumns..<n { eliminate(j, below: n &- 1 &- j) }
        return info
    }

    /// dgbtrs with bandwidths l and u: inlined into `solve2x2`, `solve4x4` and, for any other band,
    /// `solve(_:rowStride:dimension:lower:upper:pivots:x:)`.
    ///
    /// Forward, j = 0 … n − 2: swap x[j] and x[pivots[j]], then x[j + k] += −x[j] · L[j + k, j] for
    /// k = 1 … min(l, n − 1 − j). Back, j = n − 1 … 0: x[j] = x[j] / U[j, j], then
    /// x[i] += −x[j] · U[i, j] for i = max(0, j − l − u) … j − 1. A zero x[j] skips its update.
    @inline(__always)
    private static func solve(
        _ data: UnsafePointer<Double>, rowStride: Int, n: Int, l: Int, u: Int, pivots: UnsafePointer<UInt32>,
        x: UnsafeMutablePointer<Double>
    ) {
        let diagonal = l &+ u
        if l > 0 {
            /// Row j of the forward substitution, `count` multipliers.
            @inline(__always)
            func forward(_ j: Int, count: Int) {
                let pivot = Int(truncatingIfNeeded: pivots[j])
                if pivot != j { (x[j], x[pivot]) = (x[pivot], x[j]) }
                let xj = x[j]
                if xj == 0 { return }
                let alpha = -xj
                // multipliers[k] = L[j + k, j].
                let multipliers = data + (j &* rowStride &+ diagonal)
                let target = x + j
                var k = 1
                while k <= count {
                    target[k] += alpha * multipliers[k]
                    k &+= 1
                }
            }
            let fullRows = max(0, n &- l)
            for j in 0..<fullRows { forward(j, count: l) }
            for j in fullRows..<max(fullRows, n &- 1) { forward(j, count: n &- 1 &- j) }
        }

        /// Column j of the back substitution, `count` superdiagonal entries above U[j, j].
        @inline(__always)
        func backward(_ j: Int, count: Int) {
            // column[diagonal] = U[j, j]; column[diagonal − k] = U[j − k, j].
            let column = data + (j &* rowStride)
            let xj = x[j] / column[diagonal]
            x[j] = xj
            if xj == 0 { return }
            let alpha = -xj
            let first = j &- count
            let entries = column + (diagonal &- count)
            let target = x + first
            var k = 0
            while k < count {
                target[k] += alpha * entries[k]
                k &+= 1
            }
        }
        // Columns n − 1 … l + u have l + u entries above the diagonal, columns l + u − 1 … 0 have j.
        var j = n &- 1
        while j >= diagonal {
            backward(j, count: diagonal)
            j &-= 1
        }
        while j >= 0 {
            backward(j, count: j)
            j &-= 1
        }
    }
}

/// y[0 ..< count] += alpha · x[0 ..< count], as a plain counted loop: the innermost operation of the
/// Rosenbrock stage sums.
@inline(__always)
func axpy(_ count: Int, _ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    var i = 0
    while i < count {
        y[i] += alpha * x[i]
        i &+= 1
    }
}
