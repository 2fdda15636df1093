import PDTNumerics

/// The session section (Models/MODEL.md §5, §7), declared once.
public enum SessionParameters: SectionDeclaration {
    public static let incubation = ParameterSpec(
        "incubation_s", .number(.closed(0, 14_400)), unit: "s", "incubation with the cream on, light off",
        range: "none to 4 h; clinical incubations last 0.5–3 h")
    public static let creamOnDuringLight = ParameterSpec(
        "cream_on_during_light", .flag, unit: nil, "the cream stays on during illumination")
    public static let aftercare = ParameterSpec(
        "aftercare_h", .number(.closed(1, 72)), unit: "h", "after-care followed for residual PpIX",
        range: "an hour to 3 days; PpIX clears with a half-life of 7–10 h")

    public static let parameters = [incubation, creamOnDuringLight, aftercare]

    /// The session's own settings; the photosensitivity threshold is a readout setting.
    public struct Value: Sendable, Equatable {
        public var incubationSeconds: Double
        public var creamOnDuringLight: Bool
        public var aftercareHours: Double

        /// The settings with the readouts' photosensitivity threshold.
        public func settings(photosensitivityThresholdUM: Double) -> SessionSettings {
            SessionSettings(
                incubationSeconds: incubationSeconds, creamOnDuringLight: creamOnDuringLight,
                aftercareHours: aftercareHours, photosensitivityThresholdUM: photosensitivityThresholdUM)
        }
    }

    public static func build(_ p: ParameterReader) throws(ModelError) -> Value {
        Value(
            incubationSeconds: try p.number(incubation), creamOnDuringLight: try p.flag(creamOnDuringLight),
            aftercareHours: try p.number(aftercare))
    }
}
