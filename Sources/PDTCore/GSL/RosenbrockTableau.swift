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
