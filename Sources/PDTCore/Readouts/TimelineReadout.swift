/// A column of `timeline.csv`: one number per daily sample of the response (Models/MODEL.md §6–§7).
/// Declared once here; `timeline.csv`, calibration observables, optimisation timeline aggregates,
/// cohort bands and maintenance timelines read the same declarations.
public struct TimelineReadout: Sendable {
    /// The column name in CSV headers, measurement files and quantities.
    public let name: String
    /// The unit of the value ("1": dimensionless).
    public let unit: String
    /// What the value is, in one line.
    public let meaning: String
    /// The largest magnitude a measured value can physically have, in `unit`, with room to spare
    /// (calibration's `MeasurementBounds(magnitude:)`): relative activities 10, states 100, a pore
    /// reduction 1000 % (100 % is no pore at all; below 0 the pores look larger).
    public let magnitude: Double
    /// The value of a daily sample.
    public let value: @Sendable (TimelineSample) -> Double
}

extension TimelineReadout {
    /// Sebaceous gland activity S, 1 untreated.
    public static let sebaceousActivity = TimelineReadout(
        name: "sebaceous_activity", unit: "1", meaning: "sebaceous gland activity S (1 = untreated)", magnitude: 10
    ) { $0.state.sebaceousActivity }

    /// Inflammation I, 1 untreated.
    public static let inflammation = TimelineReadout(
        name: "inflammation", unit: "1", meaning: "inflammation I (1 = untreated)", magnitude: 100
    ) { $0.state.inflammation }

    /// The acute post-session flare, the second stage F₂ of the flare chain.
    public static let flare = TimelineReadout(
        name: "flare", unit: "1", meaning: "acute post-session flare (second stage F₂ of the flare chain)",
        magnitude: 100
    ) { $0.state.flare2 }

    /// Structural pore size P, 1 untreated.
    public static let structuralPoreSize = TimelineReadout(
        name: "structural_pore_size", unit: "1", meaning: "structural pore size P (1 = untreated)", magnitude: 100
    ) { $0.state.poreSize }

    /// P plus the visible part of the flare.
    public static let poreAppearance = TimelineReadout(
        name: "pore_appearance", unit: "1", meaning: "P plus the visible part of the flare", magnitude: 100
    ) { $0.poreAppearance }

    /// 100 × (1 − pore appearance), %; 100 % is no pore at all, below 0 the pores look larger.
    public static let poreReductionPercent = TimelineReadout(
        name: "pore_reduction_percent", unit: "%", meaning: "100 × (1 − pore appearance)", magnitude: 1000
    ) { $0.poreReductionPercent }

    /// Sebum excretion relative to untreated (1 = baseline): S under the name the trials report
    /// (Models/MODEL.md §6).
    public static let sebumRelative = TimelineReadout(
        name: "sebum_relative", unit: "1", meaning: "sebum excretion relative to untreated (S; 1 = baseline)",
        magnitude: 10
    ) { $0.state.sebaceousActivity }

    /// Inflammatory lesion count relative to baseline: I under the name the trials report
    /// (Models/MODEL.md §6).
    public static let inflammatoryLesionsRelative = TimelineReadout(
        name: "inflammatory_lesions_relative", unit: "1",
        meaning: "inflammatory lesion count relative to baseline (I; 1 = baseline)", magnitude: 100
    ) { $0.state.inflammation }

    /// Every column of `timeline.csv` after `day`, in order.
    public static let all: [TimelineReadout] = [
        sebaceousActivity, inflammation, flare, structuralPoreSize, poreAppearance, poreReductionPercent,
        sebumRelative, inflammatoryLesionsRelative,
    ]

    /// The three daily series a cohort bands and a maintenance study tabulates, in that order.
    public static let principal: [TimelineReadout] = [poreReductionPercent, sebaceousActivity, inflammation]

    /// The column called `name`, or nil.
    public static func named(_ name: String) -> TimelineReadout? { all.first { $0.name == name } }
}

extension TimelineReadout: Hashable {
    /// Two declarations are the same readout when they have the same name.
    public static func == (a: TimelineReadout, b: TimelineReadout) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
