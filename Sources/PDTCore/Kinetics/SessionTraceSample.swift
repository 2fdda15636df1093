/// One row of the session trace: region means at an accepted solver step.
public struct SessionTraceSample: Sendable, Equatable {
    /// Time since the cream went on, s.
    public var timeS: Double
    public var phase: SessionPhase
    public var lightOn: Bool
    /// Epidermal and sebaceous-band means, µM. Oxygen is nil where it is not integrated (after-care).
    public var prodrugEpidermis: Double
    public var prodrugSebaceous: Double
    public var ppixEpidermis: Double
    public var ppixSebaceous: Double
    public var oxygenEpidermis: Double?
    public var oxygenSebaceous: Double?
    public var doseEpidermis: Double
    public var doseSebaceous: Double
}
