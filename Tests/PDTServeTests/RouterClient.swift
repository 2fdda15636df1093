import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTServe
import PDTStudies

/// Sends requests to a `Server`'s router in-process: the router's responder (middleware, routes,
/// error handling) is called with a `Request` made from an `HTTPRequest` and a body, and the
/// `Response` body is collected. No socket, no event loop: what the server would answer, minus
/// HTTP/1 framing.
struct RouterClient: Sendable {
    let server: Server
    let responder: RouterResponder<ServeContext>

    init(_ server: Server) {
        self.server = server
        self.responder = server.router.buildResponder()
    }

    /// A server on the shipped model folder with `jobs` slots and `waiting` queue places.
    init(jobs: Int = 2, waiting: Int? = nil, limits: ServeLimits = ServeLimits(), chartFile: String? = nil) throws {
        let library = try ModelLibrary(root: Repository.models.path)
        let explorer = Explorer(library: library, data: try library.referenceData(), limits: limits)
        let files = StaticFiles(
            pageFolder: StaticFiles.locatePageFolder(executablePath: nil),
            chartFile: chartFile ?? StaticFiles.debianChartFile)
        self.init(
            Server(host: "127.0.0.1", port: 0, explorer: explorer, jobs: jobs, waiting: waiting, files: files))
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object (empty when it is not one).
        var object: [String: Any] { jsonObject(body) }
        /// The body parsed by pdtsim's own JSON reader, whose numbers are exactly the texts written
        /// (Foundation's `JSONSerialization` on Linux may round the last digit).
        var json: JSONValue { (try? JSONValue.parse(body, path: "answer")) ?? .null }
        /// The `error` line of an error answer.
        var error: String? { object["error"] as? String }
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers: HTTPFields = [:]
    ) async throws
        -> Answer
    {
        let head = HTTPRequest(
            method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body ?? "")))
        let response = try await responder.respond(to: request, context: ServeContext.inProcess())
        let collector = Collector()
        try await response.body.write(collector)
        return Answer(status: response.status, headers: response.headers, body: collector.data)
    }

    func get(_ path: String) async throws -> Answer { try await send(.get, path) }

    func post(_ path: String, _ body: String) async throws -> Answer { try await send(.post, path, body: body) }

    /// Collects a response body.
    final class Collector: ResponseBodyWriter, @unchecked Sendable {
        var data = Data()

        func write(_ buffer: ByteBuffer) async throws { data.append(contentsOf: buffer.readableBytesView) }

        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
