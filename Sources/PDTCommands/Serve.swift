import ArgumentParser
import Dispatch
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTServe
import PDTStudies
import Synchronization

/// `pdtsim serve`: the protocol explorer, a local HTTP server with the command line's own JSON API
/// and a browser page.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the protocol explorer: a browser page and a JSON API on this machine.",
        discussion: """
            Prints the URL to open, then answers until SIGINT (Ctrl-C) or SIGTERM, which stop it with \
            exit code 0 after the requests in flight. It listens on 127.0.0.1 (this machine only) unless \
            --host says otherwise, which prints a warning: anyone who can reach the address can run \
            simulations. The API (GET /api/presets, GET /api/parameters, POST /api/simulate, \
            /api/maintenance, /api/sweep and their /csv downloads) answers with the numbers and bytes \
            the commands write; at most --jobs simulations run at once, 4 per job more wait, and \
            further requests get 503. See the Serve article of the manual.
            """)

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "HOST"))
    var host = "127.0.0.1"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("The port to listen on (0: any free port, printed).", valueName: "PORT"))
    var port = 8017

    @OptionGroup var library: LibraryOptions

    @OptionGroup var jobs: JobsOption

    /// The hosts that reach only this machine.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1"]

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw InvalidArgument("--port", String(port), expected: "a whole number between 0 and 65535")
        }
        guard !host.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvalidArgument("--host", "''", expected: "an address such as 127.0.0.1")
        }
    }

    func run() throws {
        let library = try library.load()
        let explorer = Explorer(library: library, data: try library.referenceData())
        let files = StaticFiles(
            pageFolder: StaticFiles.locatePageFolder(
                executablePath: CommandLine.arguments.first.flatMap { LibraryOptions.executablePath($0) }))
        let server = Server(host: host, port: port, explorer: explorer, jobs: jobs.count, files: files)
        if !Self.loopbackHosts.contains(host) {
            FileHandle.standardError.write(
                Data(
                    "pdtsim: warning: --host \(host.truncatedForMessage()) listens beyond this machine: anyone who can reach it can run simulations here; use the default 127.0.0.1 unless that is what you want\n"
                        .utf8))
        }
        let outcome = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { host, port in
                    FileHandle.standardOutput.write(
                        Data("pdtsim serve: \(Self.url(host: host, port: port)) (Ctrl-C stops)\n".utf8))
                }
            } catch {
                outcome.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) {
            throw InvalidArgument(
                "--host \(host.truncatedForMessage()) --port", String(port),
                expected:
                    "an address and port this machine can listen on (\(String(describing: error).truncatedForMessage()))"
            )
        }
    }

    /// `http://HOST:PORT/`, with an IPv6 address in brackets.
    static func url(host: String, port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
    }
}
