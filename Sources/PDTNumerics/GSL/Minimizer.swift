import CGSL

/// How a Nelder–Mead search stops: GSL's simplex size test, or a budget.
public struct SimplexSettings: Sendable, Equatable {
    /// The initial step along each coordinate, which sets the initial simplex (x₀ and x₀ + sᵢeᵢ).
    public var initialSteps: [Double]
    /// Converged when the simplex size (mean distance of the vertices from their centre,
    /// `gsl_multimin_fminimizer_size`) falls below this (`gsl_multimin_test_size`).
    public var sizeTolerance: Double
    /// Iterations allowed (each one a reflection, expansion, contraction or shrink).
    public var maxIterations: Int
    /// Objective evaluations allowed; the search stops at the first iteration that reaches it.
    public var maxEvaluations: Int

    public init(initialSteps: [Double], sizeTolerance: Double, maxIterations: Int, maxEvaluations: Int = .max) {
        self.initialSteps = initialSteps
        self.sizeTolerance = sizeTolerance
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
    }
}

/// Why a Nelder–Mead search ended.
public enum SimplexStatus: Sendable, Equatable, CustomStringConvertible {
    /// The simplex shrank below the size tolerance.
    case converged
    /// The iteration or evaluation budget ran out first.
    case budgetExhausted
    /// GSL reported an error (e.g. `GSL_ENOPROG` when the simplex degenerates).
    case failed(GSLStatus)

    public var description: String {
        switch self {
        case .converged: "converged"
        case .budgetExhausted: "budget exhausted"
        case .failed(let status): "failed: \(status)"
        }
    }
}

/// The outcome of one Nelder–Mead search: the best vertex and what it cost.
public struct SimplexResult: Sendable, Equatable {
    public var x: [Double]
    public var value: Double
    public var status: SimplexStatus
    public var iterations: Int
    public var evaluations: Int
}

/// GSL's Nelder–Mead simplex minimiser `gsl_multimin_fminimizer_nmsimplex2` (Nelder & Mead 1965,
/// with the O(n) update of the centre and size of GSL 1.12+), which needs only values of f.
///
/// One search minimises f: ℝⁿ → ℝ from x₀: each iteration replaces the worst vertex by its
/// reflection through the centre of the others, or an expansion or contraction of it, or shrinks
/// the simplex towards the best vertex; the search stops when the simplex size falls below
/// `sizeTolerance` or a budget runs out. It is deterministic: the same f, x₀ and settings give the
/// same sequence of points. f must return a finite number (a penalty for points it cannot use).
public enum NelderMead {
    /// Minimises `objective` from `start`. Preconditions: n = start.count ≥ 1, one positive step per
    /// coordinate, a positive tolerance and budget.
    public static func minimize(
        start: [Double], settings: SimplexSettings, objective: ([Double]) -> Double
    ) -> SimplexResult {
        let n = start.count
        precondition(n >= 1 && settings.initialSteps.count == n && settings.initialSteps.allSatisfy { $0 > 0 })
        precondition(settings.sizeTolerance > 0 && settings.maxIterations >= 1 && settings.maxEvaluations >= 1)
        GSL.prepare()
        return withoutActuallyEscaping(objective) { objective in
            let box = MinimizerCallback(objective: objective, dimension: n)
            let reference = Unmanaged.passRetained(box)
            defer { reference.release() }
            let x = gsl_vector_alloc(n)!
            let steps = gsl_vector_alloc(n)!
            let minimizer = gsl_multimin_fminimizer_alloc(pdt_multimin_nmsimplex2(), n)!
            defer {
                gsl_multimin_fminimizer_free(minimizer)
                gsl_vector_free(steps)
                gsl_vector_free(x)
            }
            for i in 0..<n {
                gsl_vector_set(x, i, start[i])
                gsl_vector_set(steps, i, settings.initialSteps[i])
            }
            var function = gsl_multimin_function(
                f: MinimizerCallback.function, n: n, params: reference.toOpaque())
            func result(_ status: SimplexStatus, iterations: Int) -> SimplexResult {
                let best = gsl_multimin_fminimizer_x(minimizer)!
                return SimplexResult(
                    x: (0..<n).map { gsl_vector_get(best, $0) }, value: gsl_multimin_fminimizer_minimum(minimizer),
                    status: status, iterations: iterations, evaluations: box.evaluations)
            }
            let setStatus = GSLStatus(code: gsl_multimin_fminimizer_set(minimizer, &function, x, steps))
            guard setStatus == .success else {
                return SimplexResult(
                    x: start, value: box.first ?? .infinity, status: .failed(setStatus), iterations: 0,
                    evaluations: box.evaluations)
            }
            var iterations = 0
            while iterations < settings.maxIterations && box.evaluations < settings.maxEvaluations {
                iterations += 1
                let status = GSLStatus(code: gsl_multimin_fminimizer_iterate(minimizer))
                guard status == .success else { return result(.failed(status), iterations: iterations) }
                let size = gsl_multimin_fminimizer_size(minimizer)
                if GSLStatus(code: gsl_multimin_test_size(size, settings.sizeTolerance)) == .success {
                    return result(.converged, iterations: iterations)
                }
            }
            return result(.budgetExhausted, iterations: iterations)
        }
    }
}

/// The objective and its evaluation count, reached from GSL's callback through `params`. Used by
/// the one thread running the search.
private final class MinimizerCallback {
    let objective: ([Double]) -> Double
    let dimension: Int
    var evaluations = 0
    /// The value at the start point, for a search GSL refuses to begin.
    var first: Double?

    init(objective: @escaping ([Double]) -> Double, dimension: Int) {
        self.objective = objective
        self.dimension = dimension
    }

    /// The C type of `gsl_multimin_function.f`: (x, params) → f(x).
    typealias Function = @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?) -> Double

    static let function: Function = { x, params in
        let box = Unmanaged<MinimizerCallback>.fromOpaque(params!).takeUnretainedValue()
        let point = (0..<box.dimension).map { gsl_vector_get(x, $0) }
        box.evaluations += 1
        let value = box.objective(point)
        if box.first == nil { box.first = value }
        return value
    }
}
