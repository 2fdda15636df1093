import PDTNumerics

/// A cohort as an ensemble design: point i is subject i, its overrides the subject's sampled
/// values (`CohortDesign.values`), chosen presets first, then numbers in shortest round-trip form.
public struct CohortPoints: EnsembleDesign {
    public let design: CohortDesign

    public init(design: CohortDesign) { self.design = design }

    public var pointCount: Int { design.subjects }

    public func overrides(at index: Int) -> [EnsembleOverride] {
        let flag = "--cohort \(design.definition.name) subject \(index)"
        return design.values(index).map { EnsembleOverride($0.override, flag: flag) }
    }
}
