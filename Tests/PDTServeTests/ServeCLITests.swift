import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `pdtsim serve` as a process: it prints its URL, answers over real loopback, and stops with exit
/// code 0 on SIGTERM and SIGINT.
@Suite("pdtsim serve: the command", .serialized)
struct ServeCLITests {
    /// A running `pdtsim serve`, its standard output and error read through pipes.
    final class ServeProcess: @unchecked Sendable {
        let process = Process()
        let out = Pipe()
        let err = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = PDTSimExecutable.url
            process.arguments = ["serve"] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["PDTSIM_MODELS"] = nil
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out
            process.standardError = err
            try process.run()
        }

        /// The first line of standard output (the URL line), read within `timeout` seconds.
        func firstLine(timeout: Double = 60) -> String {
            let handle = out.fileHandleForReading
            var bytes = Data()
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes.append(chunk)
                if bytes.contains(UInt8(ascii: "\n")) { break }
            }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        }

        /// Sends `signal` and waits for the exit; the exit status and standard error.
        func stop(_ signal: Int32 = SIGTERM) -> (status: Int32, stderr: String) {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus, stderr)
        }
    }

    /// The URL of a line `pdtsim serve: http://HOST:PORT/ (Ctrl-C stops)`.
    static func url(_ line: String) -> URL? {
        guard let start = line.range(of: "http://") else { return nil }
        return URL(string: String(line[start.lowerBound...].prefix { $0 != " " }))
    }

    /// GET `url` over the network; the status and body.
    static func fetch(_ url: URL) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test("prints its URL on loopback, answers /api/presets over a real socket, SIGTERM stops it with 0")
    func servesAndStops() async throws {
        let server = try ServeProcess(["--port", "0", "--jobs", "1"])
        let line = server.firstLine()
        let url = try #require(Self.url(line), "the URL line: \(line)")
        #expect(url.host == "127.0.0.1")
        #expect((url.port ?? 0) > 0)
        let (status, data) = try await Self.fetch(url.appendingPathComponent("api/presets"))
        #expect(status == 200)
        #expect((jsonObject(data)["protocols"] as? [[String: Any]])?.isEmpty == false)
        let (missing, _) = try await Self.fetch(url.appendingPathComponent("nothing"))
        #expect(missing == 404)
        let stopped = server.stop(SIGTERM)
        #expect(stopped.status == 0)
        #expect(stopped.stderr.isEmpty, "\(stopped.stderr)")
    }

    @Test("--host 0.0.0.0 prints a warning line; SIGINT stops it with 0")
    func warnsBeyondLoopback() throws {
        let server = try ServeProcess(["--host", "0.0.0.0", "--port", "0"])
        let line = server.firstLine()
        #expect(line.hasPrefix("pdtsim serve: http://0.0.0.0:"))
        let stopped = server.stop(SIGINT)
        #expect(stopped.status == 0)
        #expect(stopped.stderr.hasPrefix("pdtsim: warning: --host 0.0.0.0 listens beyond this machine"))
    }

    @Test(
        "bad flags: the usual one-line errors and exit codes",
        arguments: [
            (
                ["--port", "70000"], Int32(3),
                "pdtsim: error: --port 70000: expected a whole number between 0 and 65535"
            ),
            (["--port", "-1"], Int32(3), "pdtsim: error: --port -1: expected a whole number between 0 and 65535"),
            (["--jobs", "0"], Int32(3), "pdtsim: error: --jobs 0: expected a whole number ≥ 1 (worker threads)"),
            (["--models", "/nonexistent"], Int32(3), "pdtsim: error: /nonexistent"),
            (["--bogus"], Int32(2), "pdtsim: error: Unknown option '--bogus'"),
        ])
    func badFlags(arguments: [String], status: Int32, prefix: String) throws {
        let result = try withTemporaryDirectory { try runPDTSim(["serve"] + arguments, in: $0, timeout: 60) }
        #expect(result.status == status)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix(prefix) == true, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a port already taken is refused with one line and exit 3")
    func portTaken() async throws {
        let first = try ServeProcess(["--port", "0"])
        let url = try #require(Self.url(first.firstLine()))
        let result = try withTemporaryDirectory {
            try runPDTSim(["serve", "--port", String(url.port ?? 0)], in: $0, timeout: 60)
        }
        #expect(result.status == 3)
        #expect(result.stderrLines.count == 1)
        #expect(
            result.stderrLines.first?.hasPrefix(
                "pdtsim: error: --host 127.0.0.1 --port \(url.port ?? 0): expected an address and port this machine can listen on"
            ) == true, "\(result.stderr)")
        #expect(first.stop().status == 0)
    }
}
