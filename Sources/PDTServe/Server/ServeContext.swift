import Hummingbird
import Logging

/// The request context of `pdtsim serve`: Hummingbird's core storage and nothing else. Besides the
/// server's own initialiser it has one for requests made in-process (tests, without a channel).
public struct ServeContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A context for a request answered in-process, logging nowhere.
    public static func inProcess() -> ServeContext { ServeContext(logger: Server.silentLogger) }

    init(logger: Logger) {
        coreContext = .init(source: LoggerSource(logger: logger))
    }

    struct LoggerSource: RequestContextSource {
        var logger: Logger
    }
}
