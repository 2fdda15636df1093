import Hummingbird
import PDTCore
import PDTNumerics
import PDTStudies

/// Turns every error a route throws into a JSON answer `{"error": LINE}` with its status
/// (`APIError.from`), and a request for a path the server does not know into 404, or 405 (with
/// `Allow`) when the path is known but not for that method.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServeContext

    func handle(
        _ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response
    )
        async -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            if let route = ServeRoutes.table.first(where: { $0.path == path }) {
                var response = Answer.error(
                    APIError(
                        .methodNotAllowed,
                        "\(request.method) \(echoedPath(path)): method not allowed; expected \(route.methods.map(\.rawValue).joined(separator: " or "))"
                    ))
                response.headers[.allow] = route.methods.map(\.rawValue).joined(separator: ", ")
                return response
            }
            return Answer.error(
                APIError(
                    .notFound,
                    "\(echoedPath(path)): no such page or endpoint; the API is under /api/ (see the Serve article)"))
        } catch let error as any HTTPResponseError {
            return Answer.error(
                APIError(
                    error.status, "\(request.method) \(echoedPath(request.uri.path)): \(error.status.reasonPhrase)"))
        } catch {
            return Answer.error(APIError.from(error))
        }
    }

    private func echoedPath(_ path: String) -> String { echoed(path, limit: 120) }
}
