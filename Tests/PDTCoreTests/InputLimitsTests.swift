import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// Input limits (issue 15, item 1): the one reading doorway refuses special and oversized files at
/// once; optimisation lattices, choice weights, measurement values and quantity days are bounded
/// when read; every CSV reader takes LF, CRLF and CR; user text in messages has its control
/// characters escaped.
@Suite struct InputLimitsTests {
    static func temporaryFolder() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-limits-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs `body` on another thread; false when it has not returned within `seconds` (it is then
    /// left running: `unblock` is called to let it end).
    static func finishes(within seconds: Double, unblock: () -> Void, _ body: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            body()
            done.signal()
        }
        if done.wait(timeout: .now() + seconds) == .success { return true }
        unblock()
        _ = done.wait(timeout: .now() + 5)
        return false
    }

    @Test func aFIFOIsRefusedAtOnceWithoutBlocking() throws {
        let directory = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = "\(directory)/model.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = LockedBox<String>("no error")
        let finished = Self.finishes(
            within: 5,
            unblock: {
                let writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer >= 0 { close(writer) }
            },
            {
                do throws(ModelError) {
                    _ = try POSIXFile.readInput(fifo, what: "the model file", expected: "a pdtsim model file (.json)")
                } catch {
                    result.set(error.description)
                }
            })
        #expect(finished, "reading a FIFO blocked")
        #expect(
            result.get()
                == "\(fifo): is a named pipe (fifo), not a regular file; expected a pdtsim model file (.json)")
    }

    @Test func aDeviceIsRefused() {
        #expect(throws: FileReadError.notRegular("a character device")) { try POSIXFile.readContents(of: "/dev/zero") }
        let error = #expect(throws: ModelError.self) {
            try MeasurementTable.load("/dev/urandom", arms: ["a"])
        }
        #expect(
            error?.description
                == "/dev/urandom: is a character device, not a regular file; expected a CSV file")
    }

    @Test func aFileAboveTheCapIsRefusedBeforeItIsRead() throws {
        let directory = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/big.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(POSIXFile.maximumReadBytes)) == 0)
        // At the cap the file is read (a sparse file of zeros: a JSON error follows, not a size error).
        #expect(throws: Never.self) { try POSIXFile.readContents(of: path) }
        #expect(truncate(path, off_t(POSIXFile.maximumReadBytes + 1)) == 0)
        let error = #expect(throws: ModelError.self) {
            try MediumFile.load(path)
        }
        #expect(
            error?.description
                == "\(path): is 67.1 MB; input files are at most 64 MiB; expected a pdtsim model file (.json)")
    }

    @Test func aFolderKeepsTheSystemReason() {
        let error = #expect(throws: ModelError.self) {
            try Fixture.library.validateFile("/tmp")
        }
        #expect(
            error?.problem.contains("cannot read the model file (is a directory)") == true,
            "\(String(describing: error))")
    }

    @Test func sizesAreWrittenAsPeopleWriteThem() {
        #expect(FileReadError.sizeText(812) == "812 B")
        #expect(FileReadError.sizeText(1_200_000_000) == "1.2 GB")
        #expect(FileReadError.sizeText(64 << 20) == "64 MiB")
    }

    @Test func hugeChoiceWeightsDoNotOverflow() throws {
        let choice = try #require(WeightedChoice(weights: [1e308, 1e308, 1]))
        #expect(choice.cumulative[0] == 0.5)
        #expect(choice.cumulative[1] == 1)
        #expect(choice.index(0.25) == 0)
        #expect(choice.index(0.75) == 1)
        #expect(try #require(WeightedChoice(weights: [1, 0, 3])).cumulative == [0.25, 0.25, 1])
    }

    @Test(arguments: [
        ("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r"),
    ])
    func everyLineEndSplitsLines(name: String, end: String) {
        let text = ["a,b", "1,2", "", "3,4"].joined(separator: end) + end
        #expect(TextLines.split(text) == ["a,b", "1,2", "", "3,4", ""], "\(name)")
        #expect(TextLines.split("x\r\r\ny") == ["x", "", "y"])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func measurementsReadEveryLineEnd(end: String) throws {
        let text =
            [
                "# provenance", "arm,day,observable,value,sd", "a,5,pore_reduction_percent,12,2",
                "a,9,kill_fraction,0.5,0.1",
            ]
            .joined(separator: end) + end
        let rows = try MeasurementTable.parse(text, path: "m.csv", arms: ["a"])
        #expect(rows.map(\.location) == ["m.csv:3", "m.csv:4"])
        #expect(rows.map(\.value) == [12, 0.5])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func spectraReadEveryLineEnd(end: String) throws {
        let directory = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/s.csv"
        try (["wavelength_nm,value", "400,1", "500,2"].joined(separator: end) + end).write(
            toFile: path, atomically: true, encoding: .utf8)
        let table = try SpectralTable.load(path: path, header: ["wavelength_nm", "value"])
        #expect(table.wavelengths == [400, 500])
    }

    /// Values and sds a fit cannot use are refused with file:line, column and value.
    @Test(arguments: [
        (
            "a,5,pore_reduction_percent,1e308,2", "m.csv:2: value",
            "1e308 is out of range for pore_reduction_percent; expected a value within ±1000"
        ),
        (
            "a,5,pore_reduction_percent,-1e308,2", "m.csv:2: value",
            "-1e308 is out of range for pore_reduction_percent; expected a value within ±1000"
        ),
        (
            "a,5,pore_reduction_percent,12,5e-324", "m.csv:2: sd",
            "5e-324 is out of range for pore_reduction_percent; expected an sd from 1e-06 to 1000000, or nothing (σ estimated)"
        ),
        (
            "a,5,kill_fraction,0.5,1e300", "m.csv:2: sd",
            "1e300 is out of range for kill_fraction; expected an sd from 1e-08 to 10000, or nothing (σ estimated)"
        ),
        (
            "a,5,dose_epidermis_uM,2e6,1", "m.csv:2: value",
            "2e6 is out of range for dose_epidermis_uM; expected a value within ±1000000"
        ),
    ])
    func unusableMeasurementsAreRefused(row: String, location: String, problem: String) {
        let error = #expect(throws: ModelError.self) {
            try MeasurementTable.parse("arm,day,observable,value,sd\n" + row + "\n", path: "m.csv", arms: ["a"])
        }
        #expect(error == ModelError(location, problem))
    }

    @Test func arbitraryUnitsHaveWiderBounds() throws {
        let text = "arm,day,observable,value,sd\na,5,ppix_epidermis_at_light_on_uM,3e7,1e5\n"
        #expect(throws: ModelError.self) { try MeasurementTable.parse(text, path: "m.csv", arms: ["a"]) }
        let rows = try MeasurementTable.parse(
            text, path: "m.csv", arms: ["a"], arbitraryUnits: ["ppix_epidermis_at_light_on_uM"])
        #expect(rows.map(\.value) == [3e7])
    }

    @Test func controlCharactersAreEscapedInMessages() {
        #expect(escapingControls("a\u{1B}[31mb\nc\td\u{7F}é") == #"a\u{1B}[31mb\nc\td\u{7F}é"#)
        #expect(echoed("x\u{0}y") == #"x\u{0}y"#)
        let error = ModelError("f.csv:2: arm", "'re\u{1B}d' is not an arm")
        #expect(error.description == #"f.csv:2: arm: 're\u{1B}d' is not an arm"#)
        let text = "arm,day,observable,value\nb\u{1B}[2J,5,pore_reduction_percent,1\n"
        let refused = #expect(throws: ModelError.self) {
            try MeasurementTable.parse(text, path: "m.csv", arms: ["a"])
        }
        #expect(refused?.problem.hasPrefix(#"'b\u{1B}[2J' is not an arm"#) == true, "\(String(describing: refused))")
    }
}

extension InputLimitsTests {
    static func optimization(variables: String, objective: String, constraints: String = "[]") -> String {
        """
        {"format_version": 1, "kind": "optimization", "name": "t", "description": "d",
         "protocol": "allumera-blue", "set": ["schedule.horizon_days=400"],
         "variables": \(variables), "objective": \(objective), "constraints": \(constraints)}
        """
    }

    static func loadOptimization(_ text: String) throws(ModelError) -> OptimizationProblem {
        let directory = (try? temporaryFolder()) ?? "/tmp"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/o.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        do {
            return try OptimizationFile.load(path, library: Fixture.library)
        } catch {
            throw ModelError(String(error.location.dropFirst(path.count + 2)), error.problem)
        }
    }

    @Test func aLatticeOfTooManyValuesIsRefusedWhenRead() {
        let text = Self.optimization(
            variables: #"[{"key": "light.fluence_J_per_cm2", "lower": 5, "upper": 50, "step": 1e-9}]"#,
            objective: #"{"maximize": "peak_reduction_percent"}"#)
        #expect(
            throws: ModelError(
                "variables[0].step",
                "step 1e-09 from 5 to 50 gives 45000000001 values; expected at most 1000000 (a larger step, a narrower range, or no step for a continuous variable)"
            )
        ) {
            try Self.loadOptimization(text)
        }
        let wide = Self.optimization(
            variables: #"[{"key": "light.fluence_J_per_cm2", "lower": 5, "upper": 50, "step": 0.001}]"#,
            objective: #"{"maximize": "peak_reduction_percent"}"#)
        #expect(throws: Never.self) { try Self.loadOptimization(wide) }
    }

    @Test(arguments: [
        (#"{"maximize": "reduction_on_day_500_percent"}"#, "[]", "objective.maximize", 500),
        (
            #"{"maximize": "peak_reduction_percent"}"#,
            #"[{"quantity": {"timeline": "pore_reduction_percent", "aggregate": "min", "from_day": 10, "to_day": 401}, "lower": 1}]"#,
            "constraints[0].quantity", 401
        ),
    ])
    func aDayBeyondTheHorizonIsRefusedWhenRead(objective: String, constraints: String, location: String, day: Int) {
        let text = Self.optimization(
            variables: #"[{"key": "light.fluence_J_per_cm2", "lower": 5, "upper": 50}]"#, objective: objective,
            constraints: constraints)
        #expect(
            throws: ModelError(
                location, "day \(day) lies beyond the horizon (schedule.horizon_days = 400); expected days ≤ 400")
        ) {
            try Self.loadOptimization(text)
        }
    }

    @Test func aHorizonVariableIsCheckedAtItsLowestValue() {
        let text = Self.optimization(
            variables: #"[{"key": "schedule.horizon_days", "lower": 200, "upper": 800, "step": 100}]"#,
            objective: #"{"maximize": "reduction_on_day_300_percent"}"#)
        #expect(
            throws: ModelError(
                "objective.maximize",
                "day 300 lies beyond the horizon (schedule.horizon_days = 200 at its lowest value); expected days ≤ 200"
            )
        ) {
            try Self.loadOptimization(text)
        }
    }
}

/// A value shared between threads under a lock.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
