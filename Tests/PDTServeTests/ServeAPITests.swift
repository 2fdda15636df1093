import Foundation
import HTTPTypes
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTServe
import PDTStudies
import Testing

/// The API answered in-process (`RouterClient`): every endpoint, its shape, and the same numbers
/// and bytes as the command line.
@Suite("pdtsim serve: the JSON API")
struct ServeAPITests {
    /// A short protocol: one session, followed for 200 days.
    static let shortSet = #"{"schedule.initial_sessions": 1, "schedule.horizon_days": 200}"#
    static let shortFlags = ["--set", "schedule.initial_sessions=1", "--set", "schedule.horizon_days=200"]

    @Test("GET /api/presets lists every model file pdtsim list lists, by folder, with its description")
    func presets() async throws {
        let client = try RouterClient()
        let answer = try await client.get("/api/presets")
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
        let library = try ModelLibrary(root: Repository.models.path)
        let rows = try library.catalogue()
        let object = answer.object
        #expect(Set(object.keys) == Set(rows.map(\.directory)))
        for row in rows {
            let entries = object[row.directory] as? [[String: Any]] ?? []
            let entry = entries.first { $0["name"] as? String == row.name }
            #expect(entry?["description"] as? String == row.description, "\(row.directory)/\(row.name)")
        }
        #expect(
            (object["protocols"] as? [[String: Any]])?.contains { $0["name"] as? String == "allumera-blue" } == true)
    }

    @Test("GET /api/parameters lists every key of show with value, unit, range, source and meaning")
    func parameters() async throws {
        let client = try RouterClient()
        let answer = try await client.get("/api/parameters?protocol=allumera-blue&set=light.center_nm=633")
        #expect(answer.status == .ok)
        #expect(answer.object["protocol"] as? String == "allumera-blue")
        let parameters = answer.object["parameters"] as? [[String: Any]] ?? []
        let center = parameters.first { $0["key"] as? String == "light.center_nm" }
        #expect(jsonNumber(center?["value"]) == 633)
        #expect(center?["unit"] as? String == "nm")
        #expect(jsonNumber(center?["min"]) == 200)
        #expect(jsonNumber(center?["max"]) == 1200)
        #expect(center?["kind"] as? String == "number")
        #expect((center?["source"] as? String)?.isEmpty == false)
        #expect((center?["meaning"] as? String)?.isEmpty == false)
        let choice = parameters.first { $0["kind"] as? String == "choice" }
        #expect((choice?["allowed"] as? [String])?.isEmpty == false)
        // As many keys as `pdtsim show` prints "expected:" lines for.
        let show = try withTemporaryDirectory { try runPDTSim(["show", "--set", "light.center_nm=633"], in: $0) }
        #expect(show.status == 0)
        #expect(parameters.count == show.stdout.components(separatedBy: "expected: ").count - 1)
    }

    @Test("POST /api/simulate and its CSV downloads equal pdtsim simulate's files")
    func simulateEqualsTheCLI() async throws {
        let client = try RouterClient()
        let body = #"{"protocol": "allumera-blue", "set": \#(Self.shortSet)}"#
        let run = try withTemporaryDirectory { try simulate(Self.shortFlags, in: $0) }
        #expect(run.result.status == 0)
        for table in ["timeline", "sessions", "depth"] {
            let csv = try await client.post("/api/simulate/csv?table=\(table)", body)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"\(table).csv\"")
            #expect(csv.text == run.text("\(table).csv"), "\(table).csv byte for byte")
        }
        let answer = try await client.post("/api/simulate", body)
        #expect(answer.status == .ok)
        let summary = try #require(answer.json["summary"])
        #expect(Set(summary.keys) == Set(run.summary.keys))
        let written = try JSONValue.parse(run.files["summary.json"] ?? Data(), path: "summary.json")
        for key in written.keys where written[key]?.number != nil {
            #expect(summary[key]?.number == written[key]?.number, "summary \(key)")
        }
        let timeline = try #require(answer.json["timeline"])
        let cli = run.csv("timeline.csv")
        #expect(timeline.keys == cli.header)
        for column in cli.header {
            #expect(same(timeline[column]?.items.compactMap(\.number) ?? [], cli.numbers(column)), "timeline \(column)")
        }
        let sessions = answer.json["sessions"]?.items ?? []
        let cliSessions = run.csv("sessions.csv")
        #expect(sessions.count == cliSessions.rows.count)
        #expect(sessions.first?.keys == cliSessions.header)
        for column in cliSessions.header where Double(cliSessions.column(column).first ?? "") != nil {
            #expect(
                same(sessions.map { $0[column]?.number ?? .infinity }, cliSessions.numbers(column)),
                "sessions \(column)")
        }
        let depth = try #require(answer.json["depth"])
        #expect(depth.keys == run.csv("depth.csv").header)
    }

    @Test("POST /api/maintenance and /api/maintenance/csv equal pdtsim maintenance's maintenance.csv")
    func maintenanceEqualsTheCLI() async throws {
        let client = try RouterClient()
        let body = #"{"set": {"schedule.initial_sessions": 1}, "intervals": [0, 90], "horizon_days": 250}"#
        let cli = try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("m")
            let result = try runPDTSim(
                [
                    "maintenance", "--quiet", "--intervals", "0,90", "--horizon", "250", "--set",
                    "schedule.initial_sessions=1", "--out", out.path,
                ], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOf: out.appendingPathComponent("maintenance.csv"), encoding: .utf8)
        }
        let csv = try await client.post("/api/maintenance/csv", body)
        #expect(csv.status == .ok)
        #expect(csv.text == cli)
        let answer = try await client.post("/api/maintenance", body)
        let table = CSV(text: cli)
        #expect(answer.object["columns"] as? [String] == table.header)
        let rows = answer.json["rows"]?.items ?? []
        #expect(rows.count == table.rows.count)
        for (row, line) in zip(rows, table.rows) {
            #expect(same(row.items.compactMap(\.number), line.map { Double($0) ?? .nan }), "\(line)")
        }
    }

    @Test("POST /api/sweep and /api/sweep/csv equal the CSV pdtsim sweep writes, for values and for a range")
    func sweepEqualsTheCLI() async throws {
        let client = try RouterClient()
        let cli = try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("s.csv")
            let result = try runPDTSim(
                ["sweep", "--quiet", "--vary", "light.center_nm=620:640:20", "--out", out.path] + Self.shortFlags,
                in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOf: out, encoding: .utf8)
        }
        for axis in [
            #"{"key": "light.center_nm", "spec": "620:640:20"}"#, #"{"key": "light.center_nm", "values": [620, 640]}"#,
        ] {
            let body = #"{"set": \#(Self.shortSet), "axis": \#(axis)}"#
            let csv = try await client.post("/api/sweep/csv", body)
            #expect(csv.status == .ok)
            #expect(csv.text == cli, "\(axis)")
            let answer = try await client.post("/api/sweep", body)
            let table = CSV(text: cli)
            #expect(answer.object["columns"] as? [String] == table.header)
            #expect((answer.object["rows"] as? [[Any]])?.count == 2)
            #expect((answer.object["rows"] as? [[Any]])?.first?[2] as? String == "ok")
        }
    }

    @Test("GET / serves the page, /vendor/chart.js Debian's Chart.js or a 404 naming the package")
    func staticFiles() async throws {
        let client = try RouterClient()
        let page = try await client.get("/")
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "text/html; charset=utf-8")
        #expect(page.text.contains("<html"))
        for path in ["/app.js", "/style.css"] { #expect(try await client.get(path).status == .ok, "\(path)") }
        let missing = try RouterClient(chartFile: "/nonexistent/chart.min.js")
        let chart = try await missing.get("/vendor/chart.js")
        #expect(chart.status == .notFound)
        #expect(chart.error?.contains("libjs-chart.js") == true)
        if FileManager.default.fileExists(atPath: StaticFiles.debianChartFile) {
            let installed = try await client.get("/vendor/chart.js")
            #expect(installed.status == .ok)
            #expect(installed.body == FileManager.default.contents(atPath: StaticFiles.debianChartFile))
        }
        for path in ["/../Package.swift", "/Resources/index.html", "/vendor/../index.html", "/%2e%2e/Package.swift"] {
            #expect(try await client.get(path).status == .notFound, "\(path)")
        }
    }
}
