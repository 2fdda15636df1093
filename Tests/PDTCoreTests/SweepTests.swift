import Foundation
import Synchronization
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// `--vary` SPEC parsing: decimal ranges without drift, inclusive ends, lists, and every bad form.
@Suite struct SweepAxisTests {
    func values(_ spec: String) throws -> [String] { try SweepAxis.values(of: spec, location: "--vary k=\(spec)") }

    @Test("400:700:1 holds the 301 whole wavelengths, both ends included")
    func integerRange() throws {
        let v = try values("400:700:1")
        #expect(v.count == 301)
        #expect(v.first == "400" && v.last == "700")
        let wavelengths: [String] = (400...700).map { String($0) }
        #expect(v == wavelengths)
    }

    @Test("decimal steps are exact: 0.1:0.3:0.1 gives 0.1, 0.2, 0.3 and 0:1:0.1 gives eleven values")
    func decimalRange() throws {
        #expect(try values("0.1:0.3:0.1") == ["0.1", "0.2", "0.3"])
        let tenths = try values("0:1:0.1")
        #expect(tenths == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"])
        #expect(tenths.map { Double($0)! } == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
        #expect(try values("1e-3:3e-3:1e-3") == ["0.001", "0.002", "0.003"])
        #expect(try values("1.5:2:0.25") == ["1.5", "1.75", "2"])
    }

    @Test("the end is included only when reached exactly; negative steps count down")
    func endsAndDirections() throws {
        #expect(try values("0:1:0.3") == ["0", "0.3", "0.6", "0.9"])
        #expect(try values("1:0:-0.25") == ["1", "0.75", "0.5", "0.25", "0"])
        #expect(try values("5:5:1") == ["5"])
        #expect(try values(" -2 : 2 : 2 ") == ["-2", "0", "2"])
    }

    @Test("a list keeps its texts, trimmed, in order: preset names, numbers, flags")
    func lists() throws {
        #expect(try values("fitzpatrick-1-2, fitzpatrick-5-6") == ["fitzpatrick-1-2", "fitzpatrick-5-6"])
        #expect(try values("405,1e-3,true") == ["405", "1e-3", "true"])
        #expect(try values("630") == ["630"])
    }

    @Test(
        "bad SPECs are errors at the --vary flag that say what was expected",
        arguments: [
            ("", "SPEC is empty"), ("1:2", "is not a range"), ("1:2:3:4", "is not a range"),
            ("1:2:0", "the step of '1:2:0' is 0"), ("3:2:1", "holds no value"), ("1:2:-1", "holds no value"),
            ("a:2:1", "'a' in 'a:2:1' is not a decimal number"), ("1:2:1x", "'1x' in '1:2:1x' is not a decimal number"),
            ("1,,2", "empty value"), ("1,", "empty value"), ("0:2000000:1", "at most 1000000"),
        ])
    func badSpecs(spec: String, message: String) {
        let error = #expect(throws: ModelError.self) { try values(spec) }
        #expect(error?.location == "--vary k=\(spec)")
        #expect(error?.problem.contains(message) == true, "\(String(describing: error))")
    }

    @Test("KEY=SPEC: the key is trimmed; a missing '=' or key is an error")
    func arguments() throws {
        let axis = try SweepAxis(argument: " light.center_nm =405,505")
        #expect(axis.path == "light.center_nm")
        #expect(axis.spec == "405,505")
        #expect(axis.values == ["405", "505"])
        #expect(throws: ModelError.self) { try SweepAxis(argument: "light.center_nm") }
        #expect(throws: ModelError.self) { try SweepAxis(argument: "=405") }
    }
}

/// How several axes combine: row-major product (last fastest) or zip.
@Suite struct SweepDesignTests {
    let a = SweepAxis(path: "a", spec: "1,2", values: ["1", "2"])
    let b = SweepAxis(path: "b", spec: "x,y,z", values: ["x", "y", "z"])

    @Test("the cartesian product is row-major: the last axis varies fastest")
    func cartesian() throws {
        let design = try SweepDesign(axes: [a, b], zip: false)
        #expect(design.pointCount == 6)
        let points = (0..<6).map { design.values(at: $0) }
        #expect(points == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        let reversed = try SweepDesign(axes: [b, a], zip: false)
        #expect((0..<6).map { reversed.values(at: $0) }.prefix(3) == [["x", "1"], ["x", "2"], ["y", "1"]])
    }

    @Test("three axes: index = (i₀·n₁ + i₁)·n₂ + i₂")
    func mixedRadix() throws {
        let c = SweepAxis(path: "c", spec: "p,q", values: ["p", "q"])
        let design = try SweepDesign(axes: [a, b, c], zip: false)
        #expect(design.pointCount == 12)
        for (i0, v0) in a.values.enumerated() {
            for (i1, v1) in b.values.enumerated() {
                for (i2, v2) in c.values.enumerated() {
                    #expect(design.values(at: (i0 * 3 + i1) * 2 + i2) == [v0, v1, v2])
                }
            }
        }
    }

    @Test("zip runs equal lists side by side and refuses unequal ones")
    func zipped() throws {
        let c = SweepAxis(path: "c", spec: "p,q", values: ["p", "q"])
        let design = try SweepDesign(axes: [a, c], zip: true)
        #expect(design.pointCount == 2)
        #expect([design.values(at: 0), design.values(at: 1)] == [["1", "p"], ["2", "q"]])
        let error = #expect(throws: ModelError.self) { try SweepDesign(axes: [a, b], zip: true) }
        #expect(error?.location == "--zip")
        #expect(error?.problem.contains("a has 2, b has 3") == true)
    }

    @Test("no axis, a key varied twice and a product too large are errors")
    func invalidDesigns() {
        #expect(throws: ModelError.self) { try SweepDesign(axes: [], zip: false) }
        #expect(throws: ModelError.self) { try SweepDesign(axes: [a, a], zip: false) }
        let big = SweepAxis(path: "x", spec: "", values: (0..<5000).map { String($0) })
        let other = SweepAxis(path: "y", spec: "", values: (0..<5000).map { String($0) })
        #expect(throws: ModelError.self) { try SweepDesign(axes: [big, other], zip: false) }
    }
}

/// `--shard I/N`: round-robin slices that are disjoint, cover the sweep and balance within one.
@Suite struct EnsembleShardTests {
    @Test("I/N parses with 0 ≤ I < N; anything else is an error at --shard")
    func parsing() throws {
        #expect(try EnsembleShard(text: "0/4") == EnsembleShard(index: 0, count: 4))
        #expect(try EnsembleShard(text: " 3 / 4 ") == EnsembleShard(index: 3, count: 4))
        for bad in ["4/4", "-1/2", "1", "a/b", "1/0", "1/2/3", ""] {
            let error = #expect(throws: ModelError.self) { try EnsembleShard(text: bad) }
            #expect(error?.location == "--shard \(bad)")
        }
    }

    @Test(
        "the N slices are disjoint, cover every index, and differ in size by at most one",
        arguments: [0, 1, 2, 7, 10, 101], 1...6)
    func partition(total: Int, count: Int) {
        let slices = (0..<count).map { Array(EnsembleShard(index: $0, count: count).indices(of: total)) }
        #expect(slices.joined().sorted() == Array(0..<total))
        #expect(Set(slices.joined()).count == total)
        let sizes = slices.map(\.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for (i, slice) in slices.enumerated() {
            #expect(EnsembleShard(index: i, count: count).size(of: total) == slice.count)
            #expect(slice.allSatisfy { $0 % count == i })
        }
    }
}

/// The worker pool: results come back in item order whatever order they complete in.
@Suite struct OrderedParallelTests {
    @Test("results are delivered in item order with several threads and uneven work", arguments: [1, 3, 8])
    func order(jobs: Int) {
        let items = Array((0..<60).reversed())
        var delivered: [Int] = []
        OrderedParallel.run(
            items: items, jobs: jobs,
            work: { item -> Int in
                usleep(useconds_t((item * 7919) % 5) * 500)
                return item * item
            },
            deliver: { item, square in
                #expect(square == item * item)
                delivered.append(item)
                return true
            })
        #expect(delivered == items)
    }

    @Test("on the calling thread: every item runs there, just before its delivery, in item order")
    func onCallingThread() {
        let caller = pthread_self()
        let sameThread = Mutex<[Bool]>([])
        var trace: [String] = []
        let traced = Mutex<[String]>([])
        let peak = OrderedParallel.run(
            items: [3, 1, 2], jobs: 1, onCallingThread: true,
            work: { item -> Int in
                sameThread.withLock { $0.append(pthread_equal(pthread_self(), caller) != 0) }
                traced.withLock { $0.append("work \(item)") }
                return item * 10
            },
            deliver: { item, value in
                #expect(value == item * 10)
                trace = traced.withLock { $0 }
                traced.withLock { $0.append("deliver \(item)") }
                return item != 1
            })
        #expect(sameThread.withLock { $0 } == [true, true])
        #expect(traced.withLock { $0 } == ["work 3", "deliver 3", "work 1", "deliver 1"], "stops after item 1")
        #expect(trace == ["work 3", "deliver 3", "work 1"])
        #expect(peak == 1)
    }

    @Test("the items run concurrently: several of 16 waiting items are in progress at once on 8 threads")
    func concurrency() {
        let running = Mutex((now: 0, most: 0))
        var count = 0
        OrderedParallel.run(
            items: Array(0..<16), jobs: 8,
            work: { item -> Int in
                running.withLock {
                    $0.now += 1; $0.most = max($0.most, $0.now)
                }
                usleep(50_000)
                running.withLock { $0.now -= 1 }
                return item
            },
            deliver: { _, _ in
                count += 1
                return true
            })
        #expect(count == 16)
        #expect(running.withLock { $0.most } >= 2, "not one at a time")
        #expect(running.withLock { $0.most } <= 8, "never more than the jobs")
    }

    @Test("when deliver says stop, no further item is delivered and the call returns")
    func stop() {
        var delivered: [Int] = []
        OrderedParallel.run(
            items: Array(0..<100), jobs: 4, work: { $0 },
            deliver: { item, _ in
                delivered.append(item)
                return item < 9
            })
        #expect(delivered == Array(0...9))
    }

    @Test("batch(_:) gives each point's value or error in the points' order", arguments: [1, 3])
    func batch(jobs: Int) {
        struct Odd: Error { let value: Int }
        let points: [Int] = Array(0..<20)
        let tenfold = OrderedParallel.batch { (point: Int) throws -> Int in
            if point % 2 == 1 { throw Odd(value: point) }
            return 10 * point
        }
        let results = tenfold(points, jobs)
        let values: [Int?] = results.map { try? $0.get() }
        let errors: [Int?] = results.map { result in
            guard case .failure(let error) = result else { return nil }
            return (error as? Odd)?.value
        }
        #expect(values == points.map { $0 % 2 == 0 ? 10 * $0 : nil })
        #expect(errors == points.map { $0 % 2 == 1 ? $0 : nil })
    }
}

/// Sidecars are read with the model-file parser, keeping key order, so a document pdtsim wrote
/// reads back to the same bytes.
@Suite struct SidecarJSONTests {
    func readBack(_ text: String, path: String) throws(ModelError) -> JSONOutput {
        try JSONValue.parse(Data(text.utf8), path: path).output
    }

    @Test("text → parse → text is the identity on JSONOutput text")
    func roundTrip() throws {
        let document = JSONOutput.object([
            ("z", .integer(-3)), ("a", .number(5.6e-7)), ("m", .number(0.1)), ("big", .number(1.5e300)),
            ("s", .string("quote \" back \\ tab \t line \n é ∞ 🙂 \u{01}")), ("t", .bool(true)), ("n", .null),
            ("list", .array([.integer(1), .string("x")])), ("empty", .object([])), ("none", .array([])),
            ("nested", .array([.object([("k", .array([.number(2.5)]))])])),
        ])
        let text = document.text()
        let parsed = try readBack(text, path: "x.json")
        #expect(parsed.text() == text)
        #expect(parsed["z"] == .integer(-3))
        #expect(parsed["nested"] != nil && parsed["missing"] == nil)
        #expect(try readBack("\"\\u00e9\\ud83d\\ude42\\/\"", path: "x") == .string("é🙂/"))
    }

    @Test(
        "malformed JSON is an error naming the file", arguments: ["{", "{\"a\" 1}", "[1,]", "tru", "{} x", "\"\\x\""])
    func malformed(text: String) {
        let error = #expect(throws: ModelError.self) { try readBack(text, path: "bad.json") }
        #expect(error?.location.hasPrefix("bad.json: line 1, column") == true)
    }
}

/// A sweep's points, columns and sidecar from the shipped protocol.
@Suite struct SweepPlanTests {
    func plan(_ vary: [String], zip: Bool = false, set: [String] = []) throws -> SweepPlan {
        var base = try Fixture.library.loadProtocol("allumera-blue")
        try base.apply(set, library: Fixture.library)
        let design = try SweepDesign(axes: try vary.map { try SweepAxis(argument: $0) }, zip: zip)
        return SweepPlan(
            library: Fixture.library, data: Fixture.data, base: base, protocolArgument: "allumera-blue",
            overrides: set, design: design)
    }

    @Test("columns: index, varied keys, status, the summary readouts, session1_ readouts")
    func columns() throws {
        let p = try plan(["light.center_nm=405,630", "skin=fitzpatrick-1-2"])
        #expect(
            Array(p.columns.prefix(5)) == [
                "index", "light.center_nm", "skin", "status", "reduction_on_day_150_percent",
            ])
        #expect(p.columns.contains("total_ppix_weighted_fluence_J_per_cm2"))
        #expect(
            p.columns.suffix(SessionReadout.all.count).first == "session1_sebaceous_activity_before")
        #expect(p.columns.last == "session1_photosensitivity_censored")
        #expect(p.headerLine == p.columns.joined(separator: ",") + "\n")
        let e = try plan(["readouts.evaluation_day=100,150"], set: ["readouts.evaluation_day=120"])
        #expect(e.columns[3] == "reduction_on_evaluation_day_percent")
        let f = try plan(["light.center_nm=405"], set: ["readouts.evaluation_day=120"])
        #expect(f.columns[3] == "reduction_on_day_120_percent")
    }

    @Test("every point is set like --set: a preset for a section, a number for a parameter")
    func points() throws {
        let p = try plan(["light.center_nm=405,630", "skin=fitzpatrick-1-2,fitzpatrick-5-6"])
        #expect(p.assignments(at: 3) == ["light.center_nm=630", "skin=fitzpatrick-5-6"])
        let simulator = try p.simulator(at: 3)
        #expect(simulator.treatment.skin.melaninFraction == 0.15)
        #expect(simulator.treatment.light == (try p.simulator(at: 2)).treatment.light)
    }

    @Test("validation reports the lowest invalid point, naming the --vary flag, the value and the expectation")
    func validation() throws {
        let p = try plan(["light.center_nm=405,-1,abc"])
        let error = #expect(throws: ModelError.self) { try p.validatePoints(jobs: 2) }
        #expect(error?.location == "--vary light.center_nm=-1")
        #expect(error?.problem.contains("expected a number in nm") == true)
        let horizon = try plan(["schedule.horizon_days=400,100"])
        let late = #expect(throws: ModelError.self) { try horizon.validatePoints(jobs: 1) }
        let text = late.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("--vary schedule.horizon_days=100: point 1 is not a valid protocol"))
        #expect(text.contains("evaluation day"))
    }

    @Test("the sidecar holds definition, base protocol, data files, shard, columns and versions, in that order")
    func sidecar() throws {
        let p = try plan(["light.center_nm=400:410:5"], set: ["schedule.initial_sessions=1"])
        let json = p.sidecar(shard: EnsembleShard(index: 1, count: 2))
        guard case .object(let pairs) = json else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.map(\.0) == ["kind", "sweep", "base_protocol", "data_files", "shard", "columns", "versions"])
        #expect(json["data_files"] == p.base.dataFilesJSON, "the provenance of every model and data file")
        #expect(p.base.dataFiles.contains { $0.path.hasSuffix("/data/ppix_absorption.csv") })
        #expect(p.base.dataFiles.count >= 4 && p.base.dataFiles.allSatisfy { $0.sha256.count == 64 })
        #expect(json["sweep"]?["points"] == .integer(3))
        #expect(json["sweep"]?["set"] == .array([.string("schedule.initial_sessions=1")]))
        #expect(json["sweep"]?["vary"]?.text().contains("[\"400\", \"405\", \"410\"]") == true)
        #expect(json["shard"]?["points"] == .integer(1))
        #expect(json["base_protocol"] == p.base.json)
        #expect(json["columns"]?.stringValues == p.columns)
        #expect(try JSONValue.parse(Data(json.text().utf8), path: "x").output.text() == json.text())
    }
}
