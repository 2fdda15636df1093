import PDTCore
import PDTNumerics

/// The subjects of a cohort: subject i's inputs depend only on (cohort, seed, N, i).
///
/// The N × D unit design is drawn as a whole from the seed (`UnitDesign` with the cohort's
/// method); with correlations, Iman–Conover reorders its columns (scores permuted by a second
/// generator seeded with seed + 1). Row i then maps to the inputs (`CohortDefinition.values`).
public struct CohortDesign: Sendable {
    public let definition: CohortDefinition
    public let subjects: Int
    public let seed: UInt64
    let unit: UnitDesign

    /// Precondition: subjects ≥ 1.
    public init(definition: CohortDefinition, subjects: Int, seed: UInt64) {
        precondition(subjects >= 1, "a cohort of \(subjects) subjects")
        self.definition = definition
        self.subjects = subjects
        self.seed = seed
        let design = UnitDesign(
            method: definition.method, seed: seed, count: subjects, dimensions: definition.dimensions)
        if let target = definition.correlation {
            unit = RankCorrelation.induce(target, on: design, seed: RandomGenerator.seed(seed, stream: 1))
        } else {
            unit = design
        }
    }

    /// The sampled inputs of subject i (0-based): chosen presets first, then numbers.
    public func values(_ subject: Int) -> [CohortValue] { definition.values(unitPoint: unit.row(subject)) }

    /// The typed overrides of subject i, for `ProtocolDefinition.apply`: section choices first
    /// (`skin=fitzpatrick-3-4`), then numbers (`skin.epidermis_thickness_cm=0.0071`).
    public func overrides(_ subject: Int) -> [Override] { values(subject).map(\.override) }
}
