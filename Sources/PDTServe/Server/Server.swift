import Hummingbird
import Logging
import PDTCore
import PDTNumerics
import PDTStudies

/// `pdtsim serve`'s HTTP server: the JSON API and the browser page on Hummingbird. It prints
/// nothing and never exits the process: the command is told the bound address (`onRunning`) and
/// gets back from `run` when a signal has stopped the server.
public struct Server: Sendable {
    public let host: String
    public let port: Int
    public let explorer: Explorer
    public let queue: WorkQueue
    public let files: StaticFiles

    /// - Parameters:
    ///   - jobs: simulations at once (`--jobs`).
    ///   - waiting: requests that may wait for a simulation slot before 503 (default 4 per job).
    public init(host: String, port: Int, explorer: Explorer, jobs: Int, waiting: Int? = nil, files: StaticFiles) {
        self.host = host
        self.port = port
        self.explorer = explorer
        self.queue = WorkQueue(slots: jobs, waitingLimit: waiting ?? 4 * jobs)
        self.files = files
    }

    /// A logger that writes nothing: the server's own messages would otherwise go to the terminal.
    static let silentLogger = Logger(label: "pdtsim.serve") { _ in SwiftLogNoOpLogHandler() }

    /// The router of every route (`ServeRoutes`).
    public var router: Router<ServeContext> {
        ServeRoutes.router(endpoints: Endpoints(explorer: explorer, queue: queue), files: files)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    /// - Parameter onRunning: called once with the bound host and port (the port the system chose
    ///   when `port` is 0).
    /// - Throws: when the address cannot be bound.
    public func run(onRunning: @escaping @Sendable (String, Int) async -> Void) async throws {
        let host = self.host
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(host, channel.localAddress?.port ?? 0) },
            logger: Self.silentLogger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
