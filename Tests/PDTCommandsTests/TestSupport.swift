import Foundation
import PDTStudies
import Testing

/// Paths of the package under test, found from this file's location
/// (`<root>/Tests/PDTCommandsTests/TestSupport.swift`).
enum Repository {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let models = root.appendingPathComponent("Models")
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")

    /// The manual: the DocC catalog of the command target, one Markdown article per file.
    static let manual = root.appendingPathComponent("Sources/PDTCommands/PDTCommands.docc")

    /// The text of the manual's article `NAME.md`.
    static func article(_ name: String) throws -> String {
        try String(contentsOf: manual.appendingPathComponent("\(name).md"), encoding: .utf8)
    }

    /// The shipped reference protocol file.
    static let allumeraBlue = models.appendingPathComponent("protocols/allumera-blue.json")

    /// Every `.json` file under `Models/`, as paths relative to `Models/`, sorted.
    static func modelFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: models.path) else { return [] }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            if item.hasSuffix(".json") { files.append(item) }
        }
        return files.sorted()
    }
}

/// The `pdtsim` executable the test target depends on: a sibling of the test bundle in
/// `.build/<triple>/<config>/`, else `.build/debug` or `.build/release` of the source tree.
enum PDTSimExecutable {
    static let url: URL = locate()

    static func locate() -> URL {
        var starts = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first)) }
        for start in starts {
            var folder = start.resolvingSymlinksInPath()
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("pdtsim")
                if isExecutableFile(candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        for configuration in ["debug", "release"] {
            let candidate = Repository.root.appendingPathComponent(".build/\(configuration)/pdtsim")
            if isExecutableFile(candidate) { return candidate }
        }
        return Repository.root.appendingPathComponent(".build/debug/pdtsim")
    }

    static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }
}

/// What one run of `pdtsim` did.
struct CommandResult: Sendable {
    /// The exit status, or −signal when the process was killed by a signal.
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the process was still running at the time limit and was killed (`runPDTSim`'s `timeout`).
    var timedOut = false

    /// The non-empty lines of standard error.
    var stderrLines: [String] { stderr.split(whereSeparator: \.isNewline).map(String.init) }
}

/// Runs `pdtsim arguments` in `directory` and waits for it. Output goes through temporary files
/// (no pipe can fill up); `$PDTSIM_MODELS` is removed from the environment unless `environment` sets it.
/// With a `timeout` in seconds, a process still running then is killed (SIGKILL) and the result has
/// `timedOut` set.
func runPDTSim(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:], timeout: Double? = nil
) throws -> CommandResult {
    let manager = FileManager.default
    let logs = manager.temporaryDirectory.appendingPathComponent("pdtsim-logs-\(UUID().uuidString)")
    try manager.createDirectory(at: logs, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: logs) }
    let outURL = logs.appendingPathComponent("stdout")
    let errURL = logs.appendingPathComponent("stderr")
    _ = manager.createFile(atPath: outURL.path, contents: nil)
    _ = manager.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = PDTSimExecutable.url
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["PDTSIM_MODELS"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    var timedOut = false
    if let timeout {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            timedOut = true
        }
    }
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()

    let status = process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    return CommandResult(
        status: status,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), timedOut: timedOut)
}

/// Runs `body` with a fresh, empty temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let manager = FileManager.default
    let directory = manager.temporaryDirectory.appendingPathComponent("pdtsim-test-\(UUID().uuidString)")
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: directory) }
    return try body(directory)
}

/// The result of `pdtsim simulate` with the contents of its output folder.
struct SimulationRun: Sendable {
    var result: CommandResult
    /// Every entry of the output folder (hidden ones included), sorted; empty if it does not exist.
    var listing: [String]
    /// File name → contents.
    var files: [String: Data]

    func text(_ name: String) -> String { files[name].map { String(decoding: $0, as: UTF8.self) } ?? "" }

    func csv(_ name: String) -> CSV { CSV(text: text(name)) }

    /// `summary.json` as an object (empty when it does not parse).
    var summary: [String: Any] { jsonObject(files["summary.json"] ?? Data()) }
}

/// Runs `pdtsim simulate --out <directory>/<name> arguments…` in `directory` and reads what it wrote.
func simulate(_ arguments: [String], in directory: URL, name: String = "run") throws -> SimulationRun {
    let out = directory.appendingPathComponent(name)
    let result = try runPDTSim(["simulate", "--out", out.path] + arguments, in: directory)
    return try SimulationRun(result: result, listing: listing(out), files: contents(out))
}

/// The entries of `folder` (hidden ones included), sorted; empty when it does not exist.
func listing(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

/// Every regular file of `folder` by name.
func contents(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in listing(folder) {
        let url = folder.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[name] = try Data(contentsOf: url)
        }
    }
    return files
}

/// Every path below `folder` (recursively), relative to it.
func allPaths(below folder: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var paths: [String] = []
    while let item = enumerator.nextObject() as? String { paths.append(item) }
    return paths.sorted()
}

/// The six files `simulate` writes, sorted by name.
let outputFileNames = [
    "depth.csv", "protocol.json", "session_trace.csv", "sessions.csv", "summary.json", "timeline.csv",
]

/// The marker file that makes a folder pdtsim output, which a later run may replace.
let outputMarker = ".pdtsim-output"

/// Everything in a `simulate` output folder: the marker and the six files, sorted by name.
let outputFolderListing = [outputMarker] + outputFileNames

/// Shared simulations, run once per test process and kept in memory (their folders are removed).
enum ReferenceRuns {
    /// `pdtsim simulate` of the default protocol (`allumera-blue`) with no other option but `--out`.
    static let allumeraBlue: Result<SimulationRun, any Error> = Result {
        try withTemporaryDirectory { try simulate([], in: $0) }
    }
}

// MARK: - CSV and JSON

/// A CSV file as written by pdtsim: one header line, comma-separated fields without quoting.
struct CSV {
    var headerLine: String
    var header: [String]
    var rows: [[String]]

    init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        headerLine = lines.first ?? ""
        header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.dropFirst().filter { !$0.isEmpty }.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The fields of column `name`, one per row.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { index < $0.count ? $0[index] : "" }
    }

    /// Column `name` as numbers (NaN where a field is not a number).
    func numbers(_ name: String) -> [Double] { column(name).map { Double($0) ?? .nan } }

    /// The field in column `name` of the row whose first field is `key`.
    func field(row key: String, column name: String) -> String? {
        guard let index = header.firstIndex(of: name), let row = rows.first(where: { $0.first == key }),
            index < row.count
        else { return nil }
        return row[index]
    }

    func number(row key: String, column name: String) -> Double? { field(row: key, column: name).flatMap(Double.init) }
}

/// Parses a JSON object; an empty dictionary when `data` is not one.
func jsonObject(_ data: Data) -> [String: Any] {
    ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
}

/// A JSON number as a Double (nil for anything else).
func jsonNumber(_ value: Any?) -> Double? {
    (value as? NSNumber)?.doubleValue
}

/// Collapses runs of spaces into one, so that aligned columns can be matched as plain text.
func collapsingSpaces(_ line: String) -> String {
    line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
}

// MARK: - Model files in temporary folders

/// Reads a model file as a JSON object.
func readModelFile(_ url: URL) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
    guard let dictionary = object as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
    }
    return dictionary
}

/// `object` with the value at the key path `path` replaced by `value` (or removed when nil);
/// missing intermediate objects are created.
func updating(_ object: [String: Any], _ path: [String], to value: Any?) -> [String: Any] {
    guard let first = path.first else { return object }
    var copy = object
    if path.count == 1 {
        copy[first] = value
    } else {
        copy[first] = updating(copy[first] as? [String: Any] ?? [:], Array(path.dropFirst()), to: value)
    }
    return copy
}

/// Writes `object` as a pretty-printed JSON file `name` in `directory` and returns its URL.
@discardableResult
func writeModelFile(_ object: [String: Any], named name: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    return url
}

/// Writes `text` to the file `name` in `directory` and returns its URL.
@discardableResult
func writeText(_ text: String, named name: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

/// Copies the shipped `Models/` folder to `<directory>/Models` and returns the copy.
func copyModels(to directory: URL) throws -> URL {
    let copy = directory.appendingPathComponent("Models")
    try FileManager.default.copyItem(at: Repository.models, to: copy)
    return copy
}

/// A parameter entry of a model file.
func parameter(_ value: Any, unit: String? = nil, source: String = "test fixture") -> [String: Any] {
    var entry: [String: Any] = ["value": value, "source": source]
    if let unit { entry["unit"] = unit }
    return entry
}
