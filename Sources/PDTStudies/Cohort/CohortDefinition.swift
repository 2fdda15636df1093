import Foundation
import PDTCore
import PDTNumerics

/// A virtual cohort as read from a cohort model file (`Models/cohorts/<name>.json`,
/// `kind: "cohort"`, format version 1): a base protocol, a weighted choice of presets for some
/// sections, a distribution for some numeric parameters, optional rank correlations, and the
/// default sampling.
///
/// Each varied quantity is one input; choices come first (in the order written), then the
/// distributions (in the order written). Input k of subject i takes the unit number u_ik of the
/// design (`CohortDesign`) through its cumulative weights (choices) or its inverse CDF.
///
/// Ranges: a distribution whose support can leave the bounds of its key is refused when the file
/// is read (a `normal` for a positive key, a `lognormal` for a fraction ≤ 1: use
/// `truncated_normal`, `uniform`, `triangular` or `loguniform` within the bounds). Constraints
/// between keys (d_epi < z_top < z_bottom ≤ grid depth, …) are checked for each subject when its
/// assignments are applied; a subject that breaks one fails with that message (a per-subject
/// failure status), so a cohort file should truncate its distributions to keep them apart.
public struct CohortDefinition: Sendable, Equatable {
    /// A weighted choice among presets of one section.
    public struct Choice: Sendable, Equatable {
        public var section: Section
        public var presets: [String]
        public var weights: WeightedChoice
        public var sources: [String]
    }

    /// A distribution of one numeric parameter, in the unit of its key.
    public struct Input: Sendable, Equatable {
        public var section: Section
        public var key: String
        public var distribution: Distribution
        /// The source of each distribution parameter, in the order of `Distribution.parameters(of:)`.
        public var sources: [String]
        /// `section.key`.
        public var path: String { "\(section.rawValue).\(key)" }
    }

    public var name: String
    public var description: String
    /// The file it was read from.
    public var origin: String
    /// The base protocol: a preset name, or a path (absolute, or made absolute from the cohort
    /// file's folder).
    public var protocolName: String
    public var choices: [Choice]
    public var inputs: [Input]
    /// The target rank correlation over all inputs (choices then distributions), D × D
    /// row-major; nil when the file gives none (independent inputs).
    public var correlation: [Double]?
    public var method: SamplingMethod
    public var subjects: Int
    public var seed: UInt64

    /// D: choices plus distributions.
    public var dimensions: Int { choices.count + inputs.count }

    /// The column name of every input: the section (`skin`) for a choice, `section.key` for a
    /// distribution.
    public var columns: [String] { choices.map(\.section.rawValue) + inputs.map(\.path) }

    /// The sampled value of every input at u ∈ (0, 1)^D of the unit cube: each choice's preset first,
    /// then each distribution's quantile (`CohortValue.override` sets it).
    public func values(unitPoint u: some Collection<Double>) -> [CohortValue] {
        let u = Array(u)
        precondition(u.count == dimensions, "a unit point of \(u.count) coordinates for \(dimensions) inputs")
        var result: [CohortValue] = []
        for (k, choice) in choices.enumerated() {
            result.append(.preset(choice.section, choice.presets[choice.weights.index(u[k])]))
        }
        for (k, input) in inputs.enumerated() {
            result.append(.number(input.section, input.key, input.distribution.quantile(u[choices.count + k])))
        }
        return result
    }

    /// Checks the cohort may define a global sensitivity analysis: independent inputs (Sobol
    /// indices assume them) and, for Sobol, D ≤ 20.
    public func checkForSensitivity(method: String) throws(ModelError) {
        if correlation != nil {
            throw ModelError(
                "\(origin): correlations",
                "sensitivity analysis needs independent inputs; expected a cohort without correlations")
        }
        if method == "sobol", let problem = SobolDesign.problem(dimensions: dimensions, baseRows: 2) {
            throw ModelError(origin, problem)
        }
        if dimensions == 0 {
            throw ModelError(origin, "no varied inputs; expected at least one choice or distribution")
        }
    }
}

/// One sampled input of a subject.
public enum CohortValue: Sendable, Equatable {
    case preset(Section, String)
    case number(Section, String, Double)

    /// The column name: `section` or `section.key`.
    public var column: String {
        switch self {
        case .preset(let section, _): section.rawValue
        case .number(let section, let key, _): "\(section.rawValue).\(key)"
        }
    }

    /// The typed override, e.g. `skin=fitzpatrick-3-4` or `skin.epidermis_thickness_cm=0.0071`
    /// (the number written in shortest round-trip form).
    public var override: Override {
        switch self {
        case .preset(let section, let preset): Override(section: section, reference: preset)
        case .number(let section, let key, let value): Override(section: section, key: key, number: value)
        }
    }
}
