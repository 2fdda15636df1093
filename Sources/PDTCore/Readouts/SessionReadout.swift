/// A column of `sessions.csv` after `session` and `day`: one value per session of a protocol run
/// (Models/MODEL.md §4–§6). Declared once here; `sessions.csv`, the first-session columns of every
/// ensemble row (`session1_…`), calibration observables and optimisation session aggregates read
/// the same declarations.
public struct SessionReadout: Sendable {
    /// How the value is read from a session: a number, or a flag (`true`/`false` in CSV).
    public enum Value: Sendable {
        case number(@Sendable (ProtocolSession) -> Double)
        case flag(@Sendable (ProtocolSession) -> Bool)
    }

    /// The column name in CSV headers, measurement files and quantities.
    public let name: String
    /// The unit of the value ("1": dimensionless; "true/false" for a flag).
    public let unit: String
    /// What the value is, in one line.
    public let meaning: String
    /// For a number, the largest magnitude a measured value can physically have, in `unit`, with
    /// room to spare (calibration's `MeasurementBounds(magnitude:)`): relative activities and
    /// fractions 10, flare 100, fluences 10⁴ J/cm², PpIX and oxygen 10⁴ µM, doses 10⁶ µM,
    /// photosensitivity 10⁵ h; nil for a flag.
    public let magnitude: Double?
    public let value: Value

    init(
        name: String, unit: String, meaning: String, magnitude: Double,
        number: @escaping @Sendable (ProtocolSession) -> Double
    ) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
        self.magnitude = magnitude
        value = .number(number)
    }

    init(name: String, unit: String, meaning: String, flag: @escaping @Sendable (ProtocolSession) -> Bool) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
        magnitude = nil
        value = .flag(flag)
    }

    /// Whether the value is a number (not a flag).
    public var isNumber: Bool { magnitude != nil }

    /// The value as a number; nil for a flag.
    public func number(_ session: ProtocolSession) -> Double? {
        if case .number(let read) = value { read(session) } else { nil }
    }

    /// The value as a CSV field.
    public func field(_ session: ProtocolSession) -> CSVTable.Field {
        switch value {
        case .number(let read): .number(read(session))
        case .flag(let read): .flag(read(session))
        }
    }
}

extension SessionReadout {
    /// Sebaceous activity S just before the session.
    public static let sebaceousActivityBefore = SessionReadout(
        name: "sebaceous_activity_before", unit: "1", meaning: "sebaceous activity S just before the session",
        magnitude: 10
    ) { $0.result.sebaceousActivityBefore }

    public static let incidentFluence = SessionReadout(
        name: "incident_fluence_J_per_cm2", unit: "J/cm²", meaning: "incident fluence of the light", magnitude: 1e4
    ) { $0.result.incidentFluenceJPerCm2 }

    public static let ppixWeightedFluence = SessionReadout(
        name: "ppix_weighted_fluence_J_per_cm2", unit: "J/cm²",
        meaning: "incident fluence weighted by the PpIX absorption spectrum", magnitude: 1e4
    ) { $0.result.ppixWeightedFluenceJPerCm2 }

    public static let ppixEpidermisAtLightOn = ppix(.epidermis, atLight: "on") { $0.result.ppixEpidermisAtLightOn }
    public static let ppixSebaceousAtLightOn = ppix(.sebaceous, atLight: "on") { $0.result.ppixSebaceousAtLightOn }
    public static let ppixEpidermisAtLightOff = ppix(.epidermis, atLight: "off") { $0.result.ppixEpidermisAtLightOff }
    public static let ppixSebaceousAtLightOff = ppix(.sebaceous, atLight: "off") {
        $0.result.ppixSebaceousAtLightOff
    }

    /// 1 − epidermal PpIX at light-off / at light-on.
    public static let bleachedFractionEpidermis = SessionReadout(
        name: "bleached_fraction_epidermis", unit: "1", meaning: "1 − epidermal PpIX at light-off / at light-on",
        magnitude: 10
    ) { $0.result.bleachedFractionEpidermis }

    /// The lowest O₂ anywhere during the light, a diagnostic.
    public static let minimumOxygen = SessionReadout(
        name: "min_oxygen_uM", unit: "µM", meaning: "lowest O₂ anywhere during the light (a diagnostic)",
        magnitude: 1e4
    ) { $0.result.minimumOxygenUM }

    /// Reacted singlet oxygen at the end of the light, epidermal and sebaceous mean.
    public static let doseEpidermis = dose(.epidermis) { $0.result.doseEpidermisUM }
    public static let doseSebaceous = dose(.sebaceous) { $0.result.doseSebaceousUM }

    /// The share of sebaceous activity the session removes.
    public static let killFraction = SessionReadout(
        name: "kill_fraction", unit: "1", meaning: "share of sebaceous activity the session removes", magnitude: 10
    ) { $0.killFraction }

    /// The jump of the flare the session causes.
    public static let flareIncrement = SessionReadout(
        name: "flare_increment", unit: "1", meaning: "jump of the flare the session causes", magnitude: 100
    ) { $0.flareIncrement }

    /// Hours after light-off while epidermal PpIX stays at or above the photosensitivity threshold.
    public static let photosensitivityHours = SessionReadout(
        name: "photosensitivity_hours", unit: "h",
        meaning: "hours after light-off while epidermal PpIX stays at or above the threshold", magnitude: 1e5
    ) { $0.result.photosensitivityHours }

    /// Whether PpIX is still above the threshold at the end of the after-care.
    public static let photosensitivityCensored = SessionReadout(
        name: "photosensitivity_censored", unit: "true/false",
        meaning: "PpIX still above the threshold at the end of the after-care"
    ) { $0.result.photosensitivityCensored }

    /// The two layers whose means the session readouts report: the epidermis and the sebaceous
    /// glands (Models/MODEL.md §4–§5).
    enum Layer: String {
        case epidermis, sebaceous

        /// The adjective of a readout's meaning.
        var adjective: String { self == .epidermis ? "epidermal" : "sebaceous" }
    }

    /// `ppix_LAYER_at_light_MOMENT_uM`: the layer's mean PpIX at light-on or light-off, µM.
    static func ppix(
        _ layer: Layer, atLight moment: String, _ read: @escaping @Sendable (ProtocolSession) -> Double
    ) -> SessionReadout {
        SessionReadout(
            name: "ppix_\(layer.rawValue)_at_light_\(moment)_uM", unit: "µM",
            meaning: "\(layer.adjective) mean PpIX at light-\(moment)", magnitude: 1e4, number: read)
    }

    /// `dose_LAYER_uM`: the layer's mean reacted singlet oxygen at the end of the light, µM.
    static func dose(_ layer: Layer, _ read: @escaping @Sendable (ProtocolSession) -> Double) -> SessionReadout {
        SessionReadout(
            name: "dose_\(layer.rawValue)_uM", unit: "µM",
            meaning: "reacted singlet oxygen at the end of the light, \(layer.adjective) mean", magnitude: 1e6,
            number: read)
    }

    /// What the session did: its light, PpIX, oxygen, dose and effects, in `sessions.csv` order.
    public static let outcomes: [SessionReadout] = [
        incidentFluence, ppixWeightedFluence, ppixEpidermisAtLightOn, ppixSebaceousAtLightOn, ppixEpidermisAtLightOff,
        ppixSebaceousAtLightOff, bleachedFractionEpidermis, minimumOxygen, doseEpidermis, doseSebaceous, killFraction,
        flareIncrement, photosensitivityHours, photosensitivityCensored,
    ]

    /// Every column of `sessions.csv` after `session` and `day`, in order: the state the session
    /// starts from, then its `outcomes`.
    public static let all: [SessionReadout] = [sebaceousActivityBefore] + outcomes

    /// The column called `name`, or nil.
    public static func named(_ name: String) -> SessionReadout? { all.first { $0.name == name } }
}

extension SessionReadout: Hashable {
    /// Two declarations are the same readout when they have the same name.
    public static func == (a: SessionReadout, b: SessionReadout) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
