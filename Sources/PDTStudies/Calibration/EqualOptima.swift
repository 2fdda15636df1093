import Foundation

/// One optimum of a fit as low as the best: where it lies, how low, and what reached it.
public struct FitOptimum: Sendable {
    /// Every parameter on its fit scale (ln θ for log-scale parameters).
    public var z: [Double]
    public var theta: [Double]
    public var deviance: Double
    /// What ended there: "start 3", "profile of response.tau_pore_days at 120.4".
    public var foundBy: [String]
}

/// The distinct optima of a fit that are as low as the best one, and the parameters that differ
/// between them.
///
/// Two points are *equally low* when their deviances differ by at most
/// tol(D̂) = `relativeTolerance` · |D̂| + `absoluteTolerance` (1e-6 · |D̂| + 1e-6 in deviance units:
/// far below the 3.84 a 95 % interval is drawn at, far above what the convergence tests leave).
/// They are *distinct* when some parameter's fit-scale values differ by more than
/// `distinctFraction` (1e-3) of its fit-scale bound width; such a parameter *differs* between them.
///
/// The candidates are the ends of the starts the estimate was chosen from (the converged ones,
/// else every usable one), and the fits re-run with every parameter free from each place where a
/// profile meets *another valley*: a local minimum of the profile's ΔD below the 95 % threshold,
/// reached after the profile had risen above the flatness tolerance (0.05) on that side (a profile
/// that never rises is flat, a structural non-identifiability its own class reports). A parameter
/// that differs between the estimate and any other optimum is non-identifiable: the data fit
/// equally well at each of its values there, and an interval around one of them would exclude an
/// equally good answer. Its trade-off partners are the other parameters that differ with it, with
/// the correlation of their fit-scale values over the optima (±1 for two optima). An optimum
/// lower than the estimate (which the profiles can find) is listed too.
public struct EqualOptima: Sendable {
    public static let relativeTolerance = 1e-6
    public static let absoluteTolerance = 1e-6
    public static let distinctFraction = 1e-3

    /// The distinct optima, the estimate first, then in the order found.
    public var optima: [FitOptimum]
    /// The parameters (indices) whose values differ between the estimate and another optimum.
    public var differing: [Int]
    /// Per parameter: the parameters that differ with it, with the correlation of their fit-scale
    /// values over the optima; empty for a parameter that does not differ.
    public var partners: [[(String, Double)]]

    /// tol(D̂): how far above `deviance` a point still counts as equally low.
    public static func tolerance(_ deviance: Double) -> Double {
        relativeTolerance * abs(deviance) + absoluteTolerance
    }

    /// The parameters (indices) whose fit-scale values differ between `a` and `b`.
    static func differences(_ a: [Double], _ b: [Double], parameters: [EstimatedParameter]) -> [Int] {
        parameters.indices.filter { j in
            abs(a[j] - b[j]) > distinctFraction * (parameters[j].fitUpper - parameters[j].fitLower)
        }
    }

    /// The optima among `starts` (indices `pool` of `starts`, the estimate `best` among them) and
    /// `others` (the fits from the profiles' other valleys, each with what found it).
    public static func find(
        _ objective: FitObjective, best: FitPoint, bestIndex: Int, starts: [CalibrationStart], pool: [Int],
        others: [(String, FitPoint)]
    ) -> EqualOptima {
        let parameters = objective.parameters
        let ceiling = best.deviance + tolerance(best.deviance)
        var candidates: [FitOptimum] = [
            FitOptimum(z: best.z, theta: best.theta, deviance: best.deviance, foundBy: ["start \(bestIndex + 1)"])
        ]
        for i in pool where i != bestIndex {
            guard let point = starts[i].point, point.deviance <= ceiling else { continue }
            candidates.append(
                FitOptimum(z: point.z, theta: point.theta, deviance: point.deviance, foundBy: ["start \(i + 1)"]))
        }
        for (label, point) in others where point.deviance <= ceiling {
            candidates.append(FitOptimum(z: point.z, theta: point.theta, deviance: point.deviance, foundBy: [label]))
        }
        var optima: [FitOptimum] = []
        for candidate in candidates {
            if let k = optima.firstIndex(where: { differences($0.z, candidate.z, parameters: parameters).isEmpty }) {
                optima[k].foundBy += candidate.foundBy
            } else {
                optima.append(candidate)
            }
        }
        var differing = Set<Int>()
        var together = [Set<Int>](repeating: [], count: parameters.count)
        for other in optima.dropFirst() {
            let moved = differences(optima[0].z, other.z, parameters: parameters)
            differing.formUnion(moved)
            for j in moved { together[j].formUnion(moved.filter { $0 != j }) }
        }
        let partners: [[(String, Double)]] = parameters.indices.map { j in
            together[j].sorted().map { k in
                let r = ProfileLikelihood.correlation(
                    optima.map { $0.z[j] }, optima.map { $0.z[k] }, minimumPoints: 2)
                return (parameters[k].name, r ?? .nan)
            }
        }
        return EqualOptima(optima: optima, differing: differing.sorted(), partners: partners)
    }

    /// Where `profile` meets another valley: each point whose ΔD is below the 95 % threshold and
    /// below both neighbours' (or the last point of a side, still falling), beyond a point with
    /// ΔD > `ProfileLikelihood.flatTolerance`, counting outward from the optimum on each side.
    public static func otherValleys(_ profile: ParameterProfile, optimum: Double) -> [ProfilePoint] {
        let below = Array(profile.points.filter { $0.value < optimum }.reversed())
        let above = profile.points.filter { $0.value > optimum }
        var found: [ProfilePoint] = []
        for side in [below, above] {
            var risen = false
            for (k, point) in side.enumerated() {
                let delta = point.deltaDeviance
                let previous = k > 0 ? side[k - 1].deltaDeviance : 0
                let next = k + 1 < side.count ? side[k + 1].deltaDeviance : .infinity
                if risen && delta < ProfileLikelihood.threshold && delta < previous && delta <= next {
                    found.append(point)
                }
                if delta > ProfileLikelihood.flatTolerance { risen = true }
            }
        }
        return found
    }

    /// Whether parameter j differs between the optima.
    public func differs(_ j: Int) -> Bool { differing.contains(j) }

    /// Parameter j's value at every optimum, in order.
    public func values(_ j: Int) -> [Double] { optima.map { $0.theta[j] } }
}
