import PDTNumerics

/// The readouts section (Models/MODEL.md §5, §7), declared once.
public enum ReadoutParameters: SectionDeclaration {
    public static let evaluationDay = ParameterSpec(
        "evaluation_day", .integer(.closed(0, ScheduleParameters.longestHorizonDays)), unit: "d",
        "evaluation day E of the readouts", range: "a day within the longest horizon")
    public static let targetPercent = ParameterSpec(
        "target_percent", .number(.closed(0, 100)), unit: "%", "target pore reduction T",
        range: "a reduction of the pore size, 0–100 %")
    public static let photosensitivityThreshold = ParameterSpec(
        "photosensitivity_threshold_uM", .number(.closed(1e-4, 100)), unit: "uM",
        "epidermal PpIX at or above which skin is photosensitive", range: "0.1 nM to 100 µM of PpIX")

    public static let parameters = [evaluationDay, targetPercent, photosensitivityThreshold]

    /// The readout settings, and the threshold the session readouts use.
    public struct Value: Sendable, Equatable {
        public var settings: ReadoutSettings
        public var photosensitivityThresholdUM: Double
    }

    public static func build(_ p: ParameterReader) throws(ModelError) -> Value {
        Value(
            settings: ReadoutSettings(
                evaluationDay: try p.integer(evaluationDay), targetPercent: try p.number(targetPercent)),
            photosensitivityThresholdUM: try p.number(photosensitivityThreshold))
    }
}
