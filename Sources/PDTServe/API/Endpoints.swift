import Foundation
import Hummingbird
import NIOCore
import PDTCore
import PDTNumerics
import PDTStudies

/// The API's endpoints: each reads its request (query or JSON body), runs its computation on the
/// work queue, and answers JSON or CSV. Mistakes in the request are thrown as `APIError`.
struct Endpoints: Sendable {
    let explorer: Explorer
    let queue: WorkQueue

    /// `GET /api/presets`.
    func presets(_ request: Request) async throws -> Response {
        try Self.checkQuery(request, allowed: [])
        let explorer = self.explorer
        return Answer.json(try await queue.run { try explorer.presets() })
    }

    /// `GET /api/parameters?protocol=NAME[&set=KEY=VALUE…]`.
    func parameters(_ request: Request) async throws -> Response {
        try Self.checkQuery(request, allowed: ["protocol", "set"])
        let query = request.uri.queryParameters
        let protocolRequest = try ProtocolRequest(
            name: query["protocol"].map(String.init) ?? ProtocolRequest.defaultProtocol,
            assignments: query[values: "set"].map(String.init))
        let explorer = self.explorer
        return Answer.json(try await queue.run { try explorer.parameters(protocolRequest) })
    }

    /// `POST /api/simulate` and `POST /api/simulate/csv?table=timeline|sessions|depth`.
    func simulate(_ request: Request, csv: Bool) async throws -> Response {
        let table = csv ? try Self.table(request) : nil
        if !csv { try Self.checkQuery(request, allowed: []) }
        let fields = try await body(request, allowed: ["protocol", "set"])
        let protocolRequest = try ProtocolRequest(fields)
        let explorer = self.explorer
        let report = try await queue.run { try explorer.simulate(protocolRequest) }
        switch table {
        case nil: return Answer.json(Explorer.simulationJSON(report))
        case "timeline": return Answer.csv(report.timeline.text, filename: "timeline.csv")
        case "sessions": return Answer.csv(report.sessions.text, filename: "sessions.csv")
        default: return Answer.csv(report.depth.text, filename: "depth.csv")
        }
    }

    /// `POST /api/maintenance` and `POST /api/maintenance/csv`.
    func maintenance(_ request: Request, csv: Bool) async throws -> Response {
        try Self.checkQuery(request, allowed: [])
        let fields = try await body(request, allowed: ["protocol", "set", "intervals", "horizon_days"])
        let protocolRequest = try ProtocolRequest(fields)
        let intervals = try fields.integers("intervals", in: 0...100_000) ?? Explorer.defaultIntervals
        let limit = explorer.limits.maintenanceIntervals
        guard !intervals.isEmpty, intervals.count <= limit else {
            throw APIError.badRequest(
                fields.location("intervals"), "\(intervals.count) intervals; expected 1 to \(limit) per request")
        }
        do {
            try MaintenanceStudy.check(intervals: intervals, location: fields.location("intervals"))
        } catch {
            throw APIError(.badRequest, error.description)
        }
        let horizon = try fields.integer("horizon_days", in: 1...100_000)
        let explorer = self.explorer
        let table = try await queue.run {
            try explorer.maintenance(protocolRequest, intervals: intervals, horizonDays: horizon)
        }
        return csv ? Answer.csv(table.text, filename: "maintenance.csv") : Answer.json(table.json)
    }

    /// `POST /api/sweep` and `POST /api/sweep/csv`.
    func sweep(_ request: Request, csv: Bool) async throws -> Response {
        try Self.checkQuery(request, allowed: [])
        let fields = try await body(request, allowed: ["protocol", "set", "axis"])
        let protocolRequest = try ProtocolRequest(fields)
        let axis = try Self.axis(fields)
        let limit = explorer.limits.sweepPoints
        guard axis.values.count <= limit else {
            throw APIError.badRequest(
                fields.location("axis"), "\(axis.values.count) points; expected at most \(limit) per request")
        }
        let explorer = self.explorer
        let table = try await queue.run { try explorer.sweep(protocolRequest, axis: axis) }
        return csv ? Answer.csv(table.text, filename: "sweep.csv") : Answer.json(table.json)
    }

    /// `"axis": {"key": K, "values": [V, …]}` or `{"key": K, "spec": "start:stop:step"}`: one
    /// `--vary K=SPEC` of `pdtsim sweep`, its values parsed by the command line's own code.
    static func axis(_ fields: RequestFields) throws -> SweepAxis {
        let location = fields.location("axis")
        guard let object = try fields.object("axis") else {
            throw APIError.badRequest(
                location,
                "missing; expected {\"key\": K, \"values\": [...]} or {\"key\": K, \"spec\": \"start:stop:step\"}")
        }
        for key in object.keys where !["key", "values", "spec"].contains(key) {
            throw APIError.badRequest(location, "unknown field '\(echoed(key))'; expected only key, and values or spec")
        }
        guard case .string(let key)? = object["key"], !key.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.badRequest(
                "\(location).key",
                "found \(object["key"]?.rendered ?? "nothing"); expected a key path such as light.center_nm")
        }
        switch (object["values"], object["spec"]) {
        case (.array(let items)?, nil):
            guard !items.isEmpty else {
                throw APIError.badRequest("\(location).values", "the list is empty; expected at least one value")
            }
            var values: [String] = []
            for (i, item) in items.enumerated() {
                values.append(try RequestFields.valueText(item, at: "\(location).values[\(i)]"))
            }
            return SweepAxis(path: key, spec: values.joined(separator: ","), values: values)
        case (nil, .string(let spec)?):
            return try SweepAxis(argument: "\(key)=\(spec)")
        default:
            throw APIError.badRequest(
                location, "expected exactly one of values (a list) and spec (a string start:stop:step or a,b,c)")
        }
    }

    /// The `table` query of `/api/simulate/csv`: timeline, sessions or depth.
    static func table(_ request: Request) throws -> String {
        try checkQuery(request, allowed: ["table"])
        let table = request.uri.queryParameters["table"].map(String.init) ?? ""
        guard ["timeline", "sessions", "depth"].contains(table) else {
            throw APIError.badRequest("query: table", "'\(echoed(table))'; expected timeline, sessions or depth")
        }
        return table
    }

    /// Refuses a query parameter the endpoint does not take.
    static func checkQuery(_ request: Request, allowed: [String]) throws {
        for (name, _) in request.uri.queryParameters where !allowed.contains(String(name)) {
            let expected = allowed.isEmpty ? "no query parameters" : "only \(allowed.joined(separator: ", "))"
            throw APIError.badRequest("query", "unknown parameter '\(echoed(name))'; expected \(expected)")
        }
    }

    /// The request's JSON body, at most `ServeLimits.bodyBytes` long (larger: 413).
    func body(_ request: Request, allowed: [String]) async throws -> RequestFields {
        let limit = explorer.limits.bodyBytes
        let tooLarge = APIError(
            .contentTooLarge, "\(RequestFields.location): larger than \(limit) bytes; expected at most \(limit)")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        return try RequestFields(Data(buffer.readableBytesView), allowed: allowed)
    }
}
