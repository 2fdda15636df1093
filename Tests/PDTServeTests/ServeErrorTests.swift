import Foundation
import HTTPTypes
import PDTCore
import PDTNumerics
import PDTServe
import PDTStudies
import Testing

/// Every way a request can be refused: the status, and the error line the command line prints for
/// the same mistake.
@Suite("pdtsim serve: errors")
struct ServeErrorTests {
    /// The line `pdtsim ARGUMENTS` prints to standard error (and checks it fails with exit 3).
    static func cliError(_ arguments: [String]) throws -> String {
        let result = try withTemporaryDirectory { try runPDTSim(arguments, in: $0) }
        #expect(result.status == 3, "\(arguments)")
        return result.stderrLines.first ?? ""
    }

    @Test(
        "a mistake in a protocol or override is 400 with the command line's own line",
        arguments: [
            (#"{"protocol": "no-such-protocol"}"#, ["show", "--protocol", "no-such-protocol"]),
            (#"{"set": {"light.no_such_key": 1}}"#, ["show", "--set", "light.no_such_key=1"]),
            (#"{"set": {"light.center_nm": 5000}}"#, ["show", "--set", "light.center_nm=5000"]),
            (#"{"set": {"light.center_nm": "blue"}}"#, ["show", "--set", "light.center_nm=blue"]),
            (#"{"set": {"nosection.key": 1}}"#, ["show", "--set", "nosection.key=1"]),
            (#"{"set": {"skin": "no-such-skin"}}"#, ["show", "--set", "skin=no-such-skin"]),
        ])
    func sameMessageAsTheCLI(body: String, arguments: [String]) async throws {
        let client = try RouterClient()
        let answer = try await client.post("/api/simulate", body)
        #expect(answer.status == .badRequest)
        #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
        let line = try Self.cliError(arguments)
        #expect(line.hasPrefix("pdtsim: error: "))
        #expect(answer.error == line)
    }

    @Test(
        "a malformed body, a wrong type or an unknown field is 400 naming it",
        arguments: [
            ("/api/simulate", "", "request body"),
            ("/api/simulate", "{\"set\": ", "request body"),
            ("/api/simulate", "[1, 2]", "found a list; expected a JSON object"),
            ("/api/simulate", #"{"protocl": "allumera-blue"}"#, "unknown field 'protocl'"),
            ("/api/simulate", #"{"protocol": 3}"#, "request body: protocol: found 3; expected a string"),
            ("/api/simulate", #"{"set": [1]}"#, "request body: set: found [1]; expected a JSON object"),
            ("/api/simulate", #"{"set": {"light.center_nm": [1]}}"#, "request body: set.light.center_nm: found [1]"),
            ("/api/simulate", #"{"protocol": "../etc/passwd.json"}"#, "is a file path"),
            ("/api/simulate", #"{"set": {"skin": "/etc/passwd"}}"#, "is a file path"),
            ("/api/maintenance", #"{"intervals": [0, -1]}"#, "request body: intervals[1]: found -1"),
            ("/api/maintenance", #"{"intervals": [30, 30]}"#, "30 is listed twice"),
            ("/api/maintenance", #"{"intervals": []}"#, "0 intervals; expected 1 to 12"),
            ("/api/maintenance", #"{"horizon_days": 0}"#, "request body: horizon_days: found 0"),
            ("/api/maintenance", #"{"horizon_days": 2.5}"#, "request body: horizon_days: found 2.5"),
            ("/api/sweep", #"{}"#, "request body: axis: missing"),
            ("/api/sweep", #"{"axis": {"key": "light.center_nm"}}"#, "expected exactly one of values"),
            (
                "/api/sweep", #"{"axis": {"key": "light.center_nm", "spec": "400:700:1"}}"#,
                "301 points; expected at most 64"
            ),
            (
                "/api/sweep", #"{"axis": {"key": "light.center_nm", "spec": "400:300:1"}}"#,
                "--vary light.center_nm=400:300:1"
            ),
            (
                "/api/sweep", #"{"axis": {"key": "light.center_nm", "values": [633, 5000]}}"#,
                "--vary light.center_nm=5000"
            ),
            ("/api/sweep", #"{"axis": {"key": "x", "values": [1], "step": 2}}"#, "unknown field 'step'"),
            ("/api/simulate/csv?table=depths", #"{}"#, "expected timeline, sessions or depth"),
            ("/api/simulate?verbose=1", #"{}"#, "unknown parameter 'verbose'"),
        ])
    func badRequest(path: String, body: String, fragment: String) async throws {
        let client = try RouterClient()
        let answer = try await client.post(path, body)
        #expect(answer.status == .badRequest, "\(answer.text)")
        #expect(answer.error?.hasPrefix("pdtsim: error: ") == true)
        #expect(answer.error?.contains(fragment) == true, "\(answer.error ?? answer.text)")
    }

    @Test("a sweep point out of range is refused with the message pdtsim sweep prints")
    func sweepPointMessage() async throws {
        let client = try RouterClient()
        let answer = try await client.post(
            "/api/sweep", #"{"axis": {"key": "light.center_nm", "spec": "1100:1300:100"}}"#)
        #expect(answer.status == .badRequest)
        let line = try Self.cliError(["sweep", "--vary", "light.center_nm=1100:1300:100", "--out", "s.csv"])
        #expect(answer.error == line)
    }

    @Test("a body over the limit is 413, by its Content-Length or by what arrives")
    func tooLarge() async throws {
        var limits = ServeLimits()
        limits.bodyBytes = 1024
        let client = try RouterClient(limits: limits)
        let big = #"{"protocol": ""# + String(repeating: "x", count: 2000) + #""}"#
        let counted = try await client.send(
            .post, "/api/simulate", body: big, headers: [.contentLength: String(big.utf8.count)])
        #expect(counted.status == .contentTooLarge)
        #expect(counted.error?.contains("larger than 1024 bytes") == true)
        let streamed = try await client.post("/api/simulate", big)
        #expect(streamed.status == .contentTooLarge)
    }

    @Test("an unknown path is 404, a known path with another method 405 with Allow, both as JSON")
    func notFoundAndMethod() async throws {
        let client = try RouterClient()
        let missing = try await client.get("/api/nothing")
        #expect(missing.status == .notFound)
        #expect(missing.error?.contains("/api/nothing") == true)
        let wrong = try await client.get("/api/simulate")
        #expect(wrong.status == .methodNotAllowed)
        #expect(wrong.headers[.allow] == "POST")
        #expect(wrong.error?.contains("expected POST") == true)
        #expect(try await client.post("/api/presets", "{}").status == .methodNotAllowed)
        #expect(try await client.send(.delete, "/").status == .methodNotAllowed)
    }

    @Test("with every slot busy and the queue full a request is 503 at once; it succeeds when work ends")
    func queueFull() async throws {
        let client = try RouterClient(jobs: 1, waiting: 0)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let blocker = Task {
            try await client.server.queue.run {
                started.signal()
                release.wait()
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                started.wait()
                continuation.resume()
            }
        }
        let refused = try await client.get("/api/presets")
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.error?.contains("the server is busy") == true)
        release.signal()
        try await blocker.value
        #expect(try await client.get("/api/presets").status == .ok)
    }

    @Test("the queue runs at most its slots at once and lets the waiting ones through in turn")
    func queueBound() async throws {
        let queue = WorkQueue(slots: 2, waitingLimit: 10)
        let counter = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await queue.run {
                        counter.enter()
                        usleep(50_000)
                        counter.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counter.peak == 2)
        let load = await queue.load
        #expect(load.running == 0 && load.waiting == 0)
    }

    /// Counts jobs running at once.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var peak = 0

        func enter() {
            lock.withLock {
                now += 1; peak = max(peak, now)
            }
        }
        func leave() { lock.withLock { now -= 1 } }
    }
}
