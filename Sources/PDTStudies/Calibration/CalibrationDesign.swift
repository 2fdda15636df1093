import PDTCore

/// The model runs of a calibration at a batch of parameter vectors θ₀ … θ_{m−1}, as one ensemble
/// design (`EnsembleDesign`): the points are θ-major, then arm (file order), then subject (cohort
/// order), so that point (k, a, s) has index k · P + S_a + s, with P the subjects of every arm and
/// S_a those of the arms before a. Its base is subject s of arm a (`base(at:)`), its overrides the
/// calibration's typed overrides for θ_k that apply to the arm's study
/// (`CalibrationModel.overrides`). A batch is the p + 1 vectors of a forward-difference Jacobian,
/// the estimate and its band's steps, or the single θ of one evaluation.
public struct CalibrationDesign: EnsembleDesign {
    public let arms: [CalibrationFile.Arm]
    public let parameters: [EstimatedParameter]
    /// The parameter vectors, natural units, in the order of the points.
    public let thetas: [[Double]]
    /// S_a: the index within a θ's block of the first subject of each arm.
    let armStarts: [Int]
    /// P: the points of one θ, every subject of every arm.
    public let pointsPerTheta: Int

    public init(arms: [CalibrationFile.Arm], parameters: [EstimatedParameter], thetas: [[Double]]) {
        self.arms = arms
        self.parameters = parameters
        self.thetas = thetas
        var starts: [Int] = []
        var total = 0
        for arm in arms {
            starts.append(total)
            total += arm.subjects.count
        }
        armStarts = starts
        pointsPerTheta = total
    }

    public var pointCount: Int { thetas.count * pointsPerTheta }

    /// The θ, arm and subject of point `index`.
    public func position(of index: Int) -> (theta: Int, arm: Int, subject: Int) {
        precondition(index >= 0 && index < pointCount, "a point of the design")
        let within = index % pointsPerTheta
        let arm = armStarts.lastIndex { $0 <= within }!
        return (index / pointsPerTheta, arm, within - armStarts[arm])
    }

    /// Subject s of arm a.
    public func base(at index: Int) -> ProtocolDefinition? {
        let (_, arm, subject) = position(of: index)
        return arms[arm].subjects[subject]
    }

    /// The calibration's overrides for θ_k, the arm's study's own after those of every arm.
    public func overrides(at index: Int) -> [EnsembleOverride] {
        let (theta, arm, _) = position(of: index)
        return CalibrationModel.overrides(study: arms[arm].study, parameters: parameters, values: thetas[theta]).map {
            EnsembleOverride($0, flag: "calibration")
        }
    }
}
