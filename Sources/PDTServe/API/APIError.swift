import HTTPTypes
import PDTCore
import PDTNumerics
import PDTStudies

/// A request the API refuses or could not complete: the HTTP status and the one line the command
/// line would print for the same mistake (`ErrorLine.render`), sent as `{"error": LINE}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// The rendered line, `pdtsim: error: …`.
    public var line: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.line = ErrorLine.render(message)
    }

    public var description: String { line }

    /// A mistake in the request's content (400): `location: problem`, as `ModelError` words it.
    static func badRequest(_ location: String, _ problem: String) -> APIError {
        APIError(.badRequest, ModelError(location, problem).description)
    }

    /// The answer to any error a request raised: the input mistakes the command line exits 3 for
    /// are 400, a failed integration (exit 4) is 422, a full queue 503, anything else 500 (a bug).
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as ModelError: APIError(.badRequest, "\(error)")
        case let error as ODESetupError: APIError(.badRequest, "\(error)")
        case let error as WorkLimitExceeded: APIError(.badRequest, "\(error)")
        case let error as TransportWorkLimitExceeded: APIError(.badRequest, "\(error)")
        case let error as NumericalFailure: APIError(.unprocessableContent, "\(error)")
        case let error as GSLStatus: APIError(.unprocessableContent, "\(error)")
        case let error as WorkQueueFull: APIError(.serviceUnavailable, "\(error)")
        default: APIError(.internalServerError, "internal error (a bug, please report it): \(error)")
        }
    }
}
