/// The coefficients of an s-stage Rosenbrock method in the formulation of Sandu et al. 1997 (as in
/// KPP), which `RosenbrockWorkspace.step` evaluates:
///
///     G = 1/(h γ₁) · I − J(t, y)
///     Yᵢ = y + Σ_{j<i} a_ij Kⱼ,     Fᵢ = f(t + αᵢ h, Yᵢ)
///     G Kᵢ = Fᵢ + Σ_{j<i} (c_ij / h) Kⱼ + h γᵢ ∂f/∂t
///     y_new = y + Σ mᵢ Kᵢ,          error estimate Σ eᵢ Kᵢ
///
/// αᵢ (`alpha`) are the stage times as fractions of h and γᵢ (`gamma`) the row sums of Hairer &
/// Wanner's γ_ij (Solving ODEs II, §IV.7), with γ₁ = γ, the diagonal of the method. Both only matter
/// for non-autonomous problems (f depending on t): the tests measure the order on such a problem.
struct RosenbrockTableau: Sendable {
    var name: String
    var stages: Int
    /// The order of y_new; the error estimate is of the embedded method, one order lower.
    var order: UInt32
    /// Strictly lower triangular a_ij and c_ij, row-wise: a[i][j] for j < i.
    var a: [[Double]]
    var c: [[Double]]
    var m: [Double]
    var e: [Double]
    var alpha: [Double]
    var gamma: [Double]
    /// Whether the order conditions hold for any matrix A in place of J (a W-method, Hairer & Wanner
    /// §IV.7 "W-methods"): then a step may use a Jacobian evaluated at an earlier step and a factorised
    /// G = 1/(h′ γ₁) I − J′ from an earlier step size h′ (which is G = 1/(h γ₁) I − A with
    /// A = J′ + (1/(h γ₁) − 1/(h′ γ₁)) I), and keeps its order. A Rosenbrock method (false) needs the
    /// exact Jacobian at every step.
    var isWMethod = false

    /// Whether stage i must evaluate f anew. Stage i > 0 reuses stage i − 1's evaluation exactly when
    /// it evaluates f at the same point: αᵢ = αᵢ₋₁ and Yᵢ = Yᵢ₋₁ (a_i,i−1 = 0 and a_ij = a_i−1,j for
    /// j < i − 1). Derived from the coefficients, never stated separately, so that a stage time and
    /// the evaluation it causes cannot disagree.
    var newF: [Bool] {
        (0..<stages).map { i in
            guard i > 0 else { return true }
            let sameTime = alpha[i] == alpha[i - 1]
            let sameState = a[i][i - 1] == 0 && (0..<(i - 1)).allSatisfy { a[i][$0] == a[i - 1][$0] }
            return !(sameTime && sameState)
        }
    }

    /// Whether a value that is not finite in any stage's right-hand side reaches the new state or the error
    /// estimate: stage j does when mⱼ ≠ 0 or eⱼ ≠ 0, or when a later stage i that does takes Kⱼ through
    /// c_ij ≠ 0 (a linear term of its solve, which a non-finite value cannot cancel). The Rosenbrock
    /// steppers rely on it to check finiteness once per step, on the result, instead of on every
    /// evaluation.
    var everyStageReachesResult: Bool {
        var reaches = [Bool](repeating: false, count: stages)
        for j in stride(from: stages - 1, through: 0, by: -1) {
            reaches[j] = m[j] != 0 || e[j] != 0 || ((j + 1)..<stages).contains { reaches[$0] && c[$0][j] != 0 }
        }
        return reaches.allSatisfy { $0 }
    }

    /// ROS34PW2: 4 stages, order 3 with an embedded order-2 estimate, stiffly accurate and L-stable, and
    /// a W-method of order 3 (Rang & Angermann 2005, BIT 45:761, Table 4.2; the coefficients as in
    /// PETSc's `TSROSWRA34PW2`).
    static let ros34pw2: RosenbrockTableau = {
        let g = 0.435_866_521_508_459
        return RosenbrockTableau(
            name: "ros34pw2", order: 3,
            alphaMatrix: [
                [0, 0, 0, 0], [0.871_733_043_016_918_01, 0, 0, 0],
                [0.844_570_600_153_694_23, -0.112_990_642_364_841_85, 0, 0], [0, 0, 1, 0],
            ],
            gammaMatrix: [
                [g, 0, 0, 0], [-0.871_733_043_016_918_01, g, 0, 0],
                [-0.903_380_570_130_440_82, 0.054_180_672_388_095_326, g, 0],
                [0.242_123_807_060_953_46, -1.223_250_583_904_514_7, 0.545_260_255_335_102_14, g],
            ],
            b: [0.242_123_807_060_953_46, -1.223_250_583_904_514_7, 1.545_260_255_335_102, g],
            bHat: [0.378_109_031_458_193_69, -0.096_042_292_212_423_178, 0.5, 0.217_933_260_754_229_5],
            isWMethod: true)
    }()

    /// RODAS3: 4 stages, order 3, stiffly accurate (Sandu et al. 1997, as in KPP).
    static let rodas3 = RosenbrockTableau(
        name: "rodas3", stages: 4, order: 3,
        a: [[], [0], [2, 0], [2, 0, 1]],
        c: [[], [4], [1, -1], [1, -1, -8.0 / 3.0]],
        m: [2, 0, 1, 1], e: [0, 0, 0, 1], alpha: [0, 0, 1, 1], gamma: [0.5, 1.5, 0, 0])

    /// RODAS4: 6 stages, order 4 with an embedded order-3 estimate, stiffly accurate and L-stable
    /// (Hairer & Wanner 1996, subroutine RODAS, as in KPP).
    static let rodas4: RosenbrockTableau = {
        let a = [
            [], [1.544], [0.946_678_528_081_582_6, 0.255_701_169_898_328_4],
            [3.314_825_187_068_521, 2.896_124_015_972_201, 0.998_641_913_997_781_7],
            [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895],
            [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895, 1],
        ]
        let c = [
            [], [-5.6688], [-2.430_093_356_833_875, -0.206_359_915_709_191_5],
            [-0.107_352_905_815_137_5, -9.594_562_251_023_355, -20.470_286_148_096_16],
            [7.496_443_313_967_647, -10.246_804_314_643_52, -33.999_903_528_199_05, 11.708_908_932_061_6],
            [
                8.083_246_795_921_522, -7.981_132_988_064_893, -31.521_594_328_743_71, 16.319_305_431_231_36,
                -6.058_818_238_834_054,
            ],
        ]
        return RosenbrockTableau(
            name: "rodas4", stages: 6, order: 4, a: a, c: c,
            m: [1.221_224_509_226_641, 6.019_134_481_288_629, 12.537_083_329_320_87, -0.687_886_036_105_895, 1, 1],
            e: [0, 0, 0, 0, 0, 1], alpha: [0, 0.386, 0.21, 0.63, 1, 1],
            gamma: [0.25, -0.1043, 0.1035, -0.036_200_000_000_000_23, 0, 0])
    }()
}

extension RosenbrockTableau {
    /// A tableau from the form of Hairer & Wanner (Solving ODEs II, §IV.7, (7.4)):
    ///
    ///     (I − h γ J) kᵢ = h f(t + αᵢ h, y + Σ_{j<i} α_ij kⱼ) + h J Σ_{j<i} γ_ij kⱼ + h² γᵢ ∂f/∂t
    ///     y_new = y + Σ bᵢ kᵢ,   embedded ŷ = y + Σ b̂ᵢ kᵢ
    ///
    /// with Γ = (γ_ij) lower triangular, diagonal γ. With Kᵢ = Σ_{j≤i} γ_ij kⱼ (Hairer & Wanner (7.25)):
    /// a = (α_ij) Γ⁻¹, c_ij = −(Γ⁻¹)_ij for j < i, m = b Γ⁻¹, e = (b − b̂) Γ⁻¹, αᵢ = Σⱼ α_ij and
    /// γᵢ = Σ_{j≤i} γ_ij.
    ///
    /// - Parameters: `alphaMatrix` and `gammaMatrix` row-wise, s × s (Γ with its diagonal).
    init(
        name: String, order: UInt32, alphaMatrix: [[Double]], gammaMatrix: [[Double]], b: [Double], bHat: [Double],
        isWMethod: Bool
    ) {
        let s = b.count
        precondition(alphaMatrix.count == s && gammaMatrix.count == s && bHat.count == s)
        // Γ⁻¹ by forward substitution, column by column.
        var inverse = [[Double]](repeating: [Double](repeating: 0, count: s), count: s)
        for column in 0..<s {
            for i in column..<s {
                var sum = i == column ? 1.0 : 0.0
                for k in column..<i { sum -= gammaMatrix[i][k] * inverse[k][column] }
                inverse[i][column] = sum / gammaMatrix[i][i]
            }
        }
        func times(_ row: [Double]) -> [Double] {
            (0..<s).map { j in (0..<s).reduce(0) { $0 + row[$1] * inverse[$1][j] } }
        }
        self.init(
            name: name, stages: s, order: order,
            a: (0..<s).map { i in Array(times(alphaMatrix[i]).prefix(i)) },
            c: (0..<s).map { i in (0..<i).map { -inverse[i][$0] } },
            m: times(b), e: times(zip(b, bHat).map { $0 - $1 }),
            alpha: alphaMatrix.map { $0.reduce(0, +) }, gamma: gammaMatrix.map { $0.reduce(0, +) },
            isWMethod: isWMethod)
    }
}
