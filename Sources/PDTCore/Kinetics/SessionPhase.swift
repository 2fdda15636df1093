/// The phases of one treatment session (MODEL.md §5), integrated separately.
public enum SessionPhase: String, Sendable, CaseIterable, Codable {
    case incubation, illumination, aftercare
}
