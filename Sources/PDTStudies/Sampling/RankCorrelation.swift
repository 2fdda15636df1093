import PDTNumerics

/// Induces a target rank correlation between the columns of a sample while keeping each
/// column's values (Iman & Conover 1982, Commun. Stat. Simul. Comput. 11:311).
///
/// With n rows and target correlation C = P Pᵀ (Cholesky): the scores are van der Waerden's
/// sᵢ = Φ⁻¹(i/(n + 1)), one column of them per input, each column randomly permuted from the
/// seed; their sample correlation T = Q Qᵀ. The scores S·(Q⁻¹)ᵀ·Pᵀ have correlation C exactly;
/// each input column is then reordered so that its ranks follow that column. Monotone inverse
/// CDFs keep ranks, so the distributions' values get the same Spearman correlation ≈ C.
///
/// GSL has no Iman–Conover; the Cholesky factorisations are GSL's.
public enum RankCorrelation {
    /// What is wrong with the target (row-major D × D), as "expected …" text; nil when it is a
    /// symmetric matrix with unit diagonal, entries in (−1, 1) off it, and positive definite.
    public static func problem(of target: [Double], dimensions: Int) -> String? {
        precondition(target.count == dimensions * dimensions, "a \(target.count)-element correlation matrix")
        for i in 0..<dimensions {
            guard target[i * dimensions + i] == 1 else { return "expected 1 on the diagonal" }
            for j in 0..<dimensions where j != i {
                let r = target[i * dimensions + j]
                guard r.isFinite, r > -1, r < 1 else {
                    return "correlation \(formatNumber(r)) is not valid; expected a number > -1 and < 1"
                }
                guard r == target[j * dimensions + i] else { return "expected a symmetric matrix" }
            }
        }
        guard CholeskyFactor(target, order: dimensions) != nil else {
            return
                "the correlations are not consistent (the matrix is not positive definite); expected a valid correlation matrix"
        }
        return nil
    }

    /// Reorders the columns of `design` so that their rank correlation is ≈ `target`.
    /// Precondition: `problem(of:)` is nil and the design has at least D + 1 rows (else it is
    /// returned unchanged).
    public static func induce(_ target: [Double], on design: UnitDesign, seed: UInt64) -> UnitDesign {
        let n = design.count
        let d = design.dimensions
        guard n > d, d > 1 else { return design }
        guard let p = CholeskyFactor(target, order: d) else { preconditionFailure("target not positive definite") }
        let rng = RandomGenerator(seed: seed)
        let base = (1...n).map { ProbabilityFunctions.normalPinv(Double($0) / Double(n + 1)) }
        var scores = [Double](repeating: 0, count: n * d)
        for column in 0..<d {
            let order = rng.permutation(n)
            for row in 0..<n { scores[row * d + column] = base[order[row]] }
        }
        let achieved = pearson(scores, rows: n, columns: d)
        guard let q = CholeskyFactor(achieved, order: d) else { return design }
        var target = [Double](repeating: 0, count: n * d)
        for row in 0..<n {
            let s = Array(scores[row * d..<(row + 1) * d])
            let transformed = p.multiplyLower(q.solveLower(s))
            target.replaceSubrange(row * d..<(row + 1) * d, with: transformed)
        }
        var values = design.values
        for column in 0..<d {
            let sortedValues = (0..<n).map { design.values[$0 * d + column] }.sorted()
            let ranks = (0..<n).sorted { target[$0 * d + column] < target[$1 * d + column] }
            for (rank, row) in ranks.enumerated() { values[row * d + column] = sortedValues[rank] }
        }
        var result = design
        result.replaceValues(values)
        return result
    }

    /// The Pearson correlation matrix of the columns of a row-major n × d matrix.
    public static func pearson(_ x: [Double], rows n: Int, columns d: Int) -> [Double] {
        var means = [Double](repeating: 0, count: d)
        for row in 0..<n { for c in 0..<d { means[c] += x[row * d + c] / Double(n) } }
        var cov = [Double](repeating: 0, count: d * d)
        for row in 0..<n {
            for i in 0..<d {
                let a = x[row * d + i] - means[i]
                for j in 0..<d { cov[i * d + j] += a * (x[row * d + j] - means[j]) }
            }
        }
        var r = cov
        for i in 0..<d {
            for j in 0..<d { r[i * d + j] = cov[i * d + j] / (cov[i * d + i] * cov[j * d + j]).squareRoot() }
        }
        return r
    }

    /// Spearman's rank correlation matrix: the Pearson correlation of the columns' ranks
    /// (ties get their average rank).
    public static func spearman(_ x: [Double], rows n: Int, columns d: Int) -> [Double] {
        var ranks = [Double](repeating: 0, count: n * d)
        for c in 0..<d {
            let order = (0..<n).sorted { x[$0 * d + c] < x[$1 * d + c] }
            var start = 0
            while start < n {
                var end = start
                while end + 1 < n && x[order[end + 1] * d + c] == x[order[start] * d + c] { end += 1 }
                let rank = Double(start + end) / 2 + 1
                for k in start...end { ranks[order[k] * d + c] = rank }
                start = end + 1
            }
        }
        return pearson(ranks, rows: n, columns: d)
    }
}
