import Foundation
import PDTNumerics

/// What a calibration minimises, independent of the model behind it.
///
/// Rows with a standard error sᵢ (sd/√n) enter as χ² = Σ ((ŷᵢ − yᵢ)/sᵢ)². The rows of a group
/// without sd (an observable, or an observable within one study: `CalibrationModel.noiseGroup`)
/// share one unknown σ_o, profiled out of the Gaussian likelihood: with RSS_o the
/// residual sum of squares of its n_o rows, σ̂_o² = RSS_o/n_o and the contribution to −2 log L is
/// n_o ln(RSS_o/n_o) (constants dropped). The deviance D = χ²_known + Σ_o n_o ln(RSS_o/n_o) is what
/// profiles compare (ΔD = χ²₁,0.95 = 3.84); for a fit with known σ it is χ².
public struct FitObjective: Sendable {
    public var parameters: [EstimatedParameter]
    public var data: [Double]
    /// sᵢ of each row; nil: the row's σ is estimated.
    public var standardErrors: [Double?]
    /// The noise group index of each row (into `groupNames`).
    public var groups: [Int]
    public var groupNames: [String]
    /// Natural-unit θ ↦ the prediction of every row.
    public var predict: @Sendable ([Double]) throws -> [Double]
    /// A batch of θ and a number of threads ↦ the prediction at each θ, in order, each what
    /// `predict` gives or throws (a calibration runs the batch as one ensemble design).
    public var predictBatch: @Sendable ([[Double]], Int) -> [Result<[Double], any Error>]

    /// - Parameter predictBatch: nil: `predict` at each θ, on up to that many threads
    ///   (`OrderedParallel.batch`).
    public init(
        parameters: [EstimatedParameter], data: [Double], standardErrors: [Double?], groups: [Int],
        groupNames: [String], predict: @escaping @Sendable ([Double]) throws -> [Double],
        predictBatch: (@Sendable ([[Double]], Int) -> [Result<[Double], any Error>])? = nil
    ) {
        self.parameters = parameters
        self.data = data
        self.standardErrors = standardErrors
        self.groups = groups
        self.groupNames = groupNames
        self.predict = predict
        self.predictBatch = predictBatch ?? OrderedParallel.batch(predict)
    }

    public var count: Int { data.count }

    /// Groups whose σ is estimated.
    public var estimatedGroups: [Int] {
        Array(Set(groups.indices.filter { standardErrors[$0] == nil }.map { groups[$0] })).sorted()
    }

    /// θ from the fit scale z.
    public func natural(_ z: [Double]) -> [Double] { zip(parameters, z).map { $0.fromFitScale($1) } }

    /// z from θ.
    public func fitScale(_ theta: [Double]) -> [Double] { zip(parameters, theta).map { $0.toFitScale($1) } }

    /// σ̂_o² = RSS_o/n_o of each estimated group from residuals r; floored at a tiny positive value.
    public func sigmaSquares(_ r: [Double]) -> [Int: Double] {
        var rss: [Int: Double] = [:]
        var n: [Int: Int] = [:]
        for i in r.indices where standardErrors[i] == nil {
            rss[groups[i], default: 0] += r[i] * r[i]
            n[groups[i], default: 0] += 1
        }
        var out: [Int: Double] = [:]
        for (g, s) in rss { out[g] = max(s / Double(n[g]!), 1e-300) }
        return out
    }

    /// The weights wᵢ: 1/sᵢ², or 1/σ̂_o² for an estimated group.
    public func weights(sigmaSquares: [Int: Double]) -> [Double] {
        data.indices.map { i in
            if let s = standardErrors[i] { return 1 / (s * s) }
            return 1 / (sigmaSquares[groups[i]] ?? 1)
        }
    }

    /// The deviance D of residuals r (see the type's documentation).
    public func deviance(_ r: [Double]) -> Double {
        var d = 0.0
        for i in r.indices {
            if let s = standardErrors[i] { d += (r[i] / s) * (r[i] / s) }
        }
        let sigmas = sigmaSquares(r)
        for (g, s2) in sigmas {
            let n = Double(groups.indices.filter { groups[$0] == g && standardErrors[$0] == nil }.count)
            d += n * log(s2)
        }
        return d
    }

    /// −2 log L with every constant: Σ_known (rᵢ²/sᵢ² + ln 2π sᵢ²) + Σ_o n_o (ln 2π σ̂_o² + 1).
    public func minusTwoLogLikelihood(_ r: [Double]) -> Double {
        var d = 0.0
        for i in r.indices {
            if let s = standardErrors[i] { d += (r[i] / s) * (r[i] / s) + log(2 * Double.pi * s * s) }
        }
        for (g, s2) in sigmaSquares(r) {
            let n = Double(groups.indices.filter { groups[$0] == g && standardErrors[$0] == nil }.count)
            d += n * (log(2 * Double.pi * s2) + 1)
        }
        return d
    }

    /// Residuals ŷ − y at θ (natural units).
    public func residuals(_ theta: [Double]) throws -> [Double] {
        let prediction = try predict(theta)
        return zip(prediction, data).map { $0 - $1 }
    }

    /// Residuals ŷ − y at every θ of `thetas`, in order, from one batch on `jobs` threads
    /// (`predictBatch`).
    public func residuals(_ thetas: [[Double]], jobs: Int) -> [Result<[Double], any Error>] {
        predictBatch(thetas, jobs).map { prediction in prediction.map { zip($0, data).map { $0 - $1 } } }
    }
}
