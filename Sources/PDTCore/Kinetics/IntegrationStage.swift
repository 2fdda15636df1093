/// Where an integration runs: a phase of a session, or the months-long response model.
public enum IntegrationStage: String, Sendable, CaseIterable, Codable {
    case incubation, illumination, aftercare, response
}
