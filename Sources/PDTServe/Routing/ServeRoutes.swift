import Hummingbird

/// The routes of `pdtsim serve`, in one table: the API (`Endpoints`) and the page's files
/// (`StaticFiles`). The same table answers 405 for a known path asked with another method.
enum ServeRoutes {
    /// URL path → the methods it answers.
    static let table: [(path: String, methods: [HTTPRequest.Method])] =
        [
            ("/api/presets", [.get]), ("/api/parameters", [.get]),
            ("/api/simulate", [.post]), ("/api/simulate/csv", [.post]),
            ("/api/maintenance", [.post]), ("/api/maintenance/csv", [.post]),
            ("/api/sweep", [.post]), ("/api/sweep/csv", [.post]),
        ] + StaticFiles.paths.map { ($0, [.get]) }

    /// The router: every route of `table` behind the error middleware.
    static func router(endpoints: Endpoints, files: StaticFiles) -> Router<ServeContext> {
        let router = Router(context: ServeContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("/api/presets") { request, _ in try await endpoints.presets(request) }
        router.get("/api/parameters") { request, _ in try await endpoints.parameters(request) }
        router.post("/api/simulate") { request, _ in try await endpoints.simulate(request, csv: false) }
        router.post("/api/simulate/csv") { request, _ in try await endpoints.simulate(request, csv: true) }
        router.post("/api/maintenance") { request, _ in try await endpoints.maintenance(request, csv: false) }
        router.post("/api/maintenance/csv") { request, _ in try await endpoints.maintenance(request, csv: true) }
        router.post("/api/sweep") { request, _ in try await endpoints.sweep(request, csv: false) }
        router.post("/api/sweep/csv") { request, _ in try await endpoints.sweep(request, csv: true) }
        for path in StaticFiles.paths {
            router.get(RouterPath(path)) { _, _ in try files.response(path: path) }
        }
        return router
    }
}
