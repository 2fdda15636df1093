/// The phases of one treatment session (Models/MODEL.md §5), integrated separately.
public enum SessionPhase: String, Sendable, CaseIterable, Codable {
    case incubation, illumination, aftercare
}
