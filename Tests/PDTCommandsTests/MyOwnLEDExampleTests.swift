import Foundation
import PDTStudies
import Testing

/// Runs the "My own LED" example of the manual's Simulate article exactly as written.
@Suite("Manual: my own LED")
struct MyOwnLEDExampleTests {
    /// The shell block after the Simulate article's `my-own-led example` marker.
    static func exampleScript() throws -> String {
        let text = try Repository.article("Simulate")
        guard let marker = text.range(of: "<!-- my-own-led example"),
            let open = text.range(of: "```sh\n", range: marker.upperBound..<text.endIndex),
            let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test("the commands run as written; both ways of naming the light give the same readouts and record its files")
    func myOwnLED() throws {
        let script = try Self.exampleScript()
        try withTemporaryDirectory { directory in
            let logs = directory.appendingPathComponent("logs")
            let scratch = directory.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-e", "-c", script]
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["PDTSIM_MODELS"] = nil
            environment["TMPDIR"] = scratch.path
            environment["PATH"] =
                PDTSimExecutable.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            let output = logs.appendingPathComponent("output")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
            let log = String(decoding: try Data(contentsOf: output), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(log)")
            #expect(log.contains("ok: my-led.json (light my-led)"), "\(log)")
            #expect(log.contains("ok: my-protocol.json (protocol allumera-my-led)"), "\(log)")
            #expect(log.contains("\"data_files\""), "\(log)")

            let folders = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
            let work = try #require(folders.first.map { scratch.appendingPathComponent($0) })
            let withSet = jsonObject(try Data(contentsOf: work.appendingPathComponent("with-set/summary.json")))
            let withProtocol = jsonObject(
                try Data(contentsOf: work.appendingPathComponent("with-protocol/summary.json")))
            let readout = "reduction_on_day_150_percent"
            #expect(jsonNumber(withSet[readout]) != nil)
            #expect(jsonNumber(withSet[readout]) == jsonNumber(withProtocol[readout]))
            let files = (withProtocol["data_files"] as? [[String: Any]]) ?? []
            let paths = files.compactMap { $0["path"] as? String }
            for name in ["my-protocol.json", "my-led.json", "my-led-spectrum.csv", "ppix_absorption.csv"] {
                #expect(paths.contains { $0.hasSuffix("/\(name)") }, "data_files lacks \(name): \(paths)")
            }
            for file in files {
                let hash = file["sha256"] as? String ?? ""
                #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit), "\(file)")
            }
            let rerun = try runPDTSim(
                [
                    "simulate", "--protocol", work.appendingPathComponent("with-protocol/protocol.json").path, "--out",
                    directory.appendingPathComponent("rerun").path,
                ], in: directory)
            #expect(rerun.status == 0, "protocol.json reruns: \(rerun.stderr)")
        }
    }
}
