import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// How an estimated parameter is searched: on its own scale or on the log of it.
public enum ParameterScale: String, Sendable, CaseIterable {
    case linear
    case log
}

/// An estimated parameter: a model key (`response.tau_pore_days`), a model key of one study's arms
/// alone (`study:ID/skin.melanin_fraction`, a nuisance parameter), or the scale or offset of an
/// observable measured in arbitrary units (`scale.ppix_epidermis_at_light_on_uM`).
public struct EstimatedParameter: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case model(Section, String)
        case scale(String)
        case offset(String)
    }

    public var name: String
    public var target: Target
    public var start: Double
    public var lower: Double
    public var upper: Double
    public var scale: ParameterScale
    public var unit: String?
    /// The study whose arms alone it applies to; nil: every arm.
    public var study: String? = nil

    /// Whether it applies to the arms of `study`.
    public func applies(to study: String) -> Bool { self.study.map { $0 == study } ?? true }

    /// θ ↦ z: the value on the search scale (log θ or θ).
    public func toFitScale(_ x: Double) -> Double { scale == .log ? Foundation.log(x) : x }
    /// z ↦ θ.
    public func fromFitScale(_ z: Double) -> Double { scale == .log ? exp(z) : z }
    public var fitLower: Double { toFitScale(lower) }
    public var fitUpper: Double { toFitScale(upper) }
}

/// How a calibration re-makes its runs when an estimated response key reaches the sessions through
/// the sebaceous activity S only (`ResponseReplay.Reach.sebaceousPath`): `exact` runs every protocol
/// in full for every θ; `interpolated` tabulates each session in S once (`SessionTable`).
public enum ReplayMode: String, Sendable, CaseIterable {
    case exact
    case interpolated
}

/// The fit settings of a calibration file (`fit`).
public struct CalibrationFitSettings: Sendable, Equatable {
    public var method: TrustRegionMethod = .lm
    /// Starting points: the file's starts, then Sobol points inside the bounds.
    public var starts: Int = 4
    public var seed: UInt = 1
    public var maxIterations: Int = 200
    public var xtol: Double = 1e-6
    public var gtol: Double = 1e-6
    public var ftol: Double = 0
    /// The relative finite-difference step; nil: √rtol of the slowest-converging solver that is re-run.
    public var relativeStep: Double?
    /// How runs are re-made when estimated keys act on the sessions through S only (`ResponseReplay`).
    public var replay: ReplayMode = .interpolated
    public init() {}
}

extension ModelFileKind {
    /// A calibration: measurements, arms and the parameters to estimate (`pdtsim calibrate`).
    public static let calibration = ModelFileKind(
        name: "calibration", formatVersions: [1],
        bodyKeys: ["measurements", "arms", "set", "cohort", "subjects", "noise", "estimate", "observables", "fit"],
        noun: "calibration file",
        folder: "calibrations"
    ) { path, library throws(ModelError) in _ = try CalibrationFile.load(path, library: library) }
}

/// A calibration model file (`kind: "calibration"`, format version 1): the measurements, the
/// arms (each a protocol with overrides), fixed overrides shared by every arm, the noise groups,
/// the parameters to estimate and the fit settings. Paths are relative to the file.
///
/// `measurements` is one path or a non-empty array of paths (one file per study, say): the rows of
/// every file, concatenated in order.
public struct CalibrationFile: Sendable {
    public var path: String
    public var name: String
    public var description: String
    /// The measurement files, resolved against the file's folder, in the order written.
    public var measurementsPaths: [String]
    /// Whether `measurements` is written as an array (fit.json echoes the form written).
    public var measurementsListed: Bool
    public var arms: [Arm]
    /// Which rows share one σ (`NoiseGroups`).
    public var noise: NoiseGroups
    public var parameters: [EstimatedParameter]
    public var fit: CalibrationFitSettings
    public var measurements: [Measurement]

    /// Reads and validates `path`: every key, every protocol with its overrides, every estimated
    /// parameter and bound, and the measurement file.
    public static func load(_ path: String, library: ModelLibrary) throws(ModelError) -> CalibrationFile {
        let document = try ModelLibrary.readDocument(path, expected: .calibration)
        let object = document.body
        let name = document.name
        let description = document.description
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func relative(_ p: String) -> String {
            p.hasPrefix("/") ? p : URL(fileURLWithPath: directory).appendingPathComponent(p).path
        }
        func string(_ key: String) throws(ModelError) -> String {
            guard case .string(let s)? = object[key], !s.isEmpty else {
                throw ModelError(
                    "\(path): \(key)", "\(object[key]?.rendered ?? "missing"); expected a non-empty string")
            }
            return s
        }
        let (written, listed) = try measurementFiles(object["measurements"], path: path)
        let measurementsPaths = written.map(relative)

        let shared = try assignments(object["set"], location: "\(path): set")
        let fileCohort = try ArmCohort.parse(object, place: path, relative: relative, library: library)
        guard case .object(let armObject)? = object["arms"], !armObject.isEmpty else {
            throw ModelError(
                "\(path): arms", "\(object["arms"]?.rendered ?? "missing"); expected an object of arms, at least one")
        }
        var arms: [Arm] = []
        for (armName, entry) in armObject.pairs {
            arms.append(
                try Arm.parse(
                    name: armName, entry: entry, path: path, shared: shared, fileCohort: fileCohort,
                    relative: relative, library: library))
        }

        let arbitraryUnits: Set<String> =
            if case .object(let observables)? = object["observables"] { Set(observables.keys) } else { [] }
        var noise = NoiseGroups(
            studies: Dictionary(uniqueKeysWithValues: arms.filter(\.studyNamed).map { ($0.name, $0.study) }))
        let pooling = try noiseKeys(object["noise"], path: path, arms: arms)
        noise.pooled = Dictionary(uniqueKeysWithValues: pooling)
        var measurements: [Measurement] = []
        for (index, file) in measurementsPaths.enumerated() {
            do {
                measurements += try MeasurementTable.load(
                    file, arms: arms.map(\.name), arbitraryUnits: arbitraryUnits, noise: noise)
            } catch {
                throw listed && !error.location.hasPrefix("\(file):")
                    ? ModelError("\(path): measurements[\(index)]", error.description) : error
            }
        }
        try noise.checkConsistentSD(measurements)
        let measured = Set(measurements.map(\.observable.name))
        for (key, _) in pooling {
            let observable = String(key.split(separator: "/").last ?? "")
            guard measured.contains(observable) else {
                throw ModelError(
                    "\(path): noise.\(key)",
                    "'\(observable)' is not measured\(suggestion(observable, among: measured.sorted())); expected one of \(measured.sorted().joined(separator: ", "))"
                )
            }
        }
        try noise.checkEstimable(measurements)
        var parameters = try estimates(object["estimate"], path: path, arms: arms)
        parameters += try observableParameters(object["observables"], path: path, measurements: measurements)
        let fit = try fitSettings(object["fit"], path: path)

        for m in measurements {
            let arm = arms.first { $0.name == m.arm }!
            let schedule = try ScheduleParameters.build(arm.definition.reader(.schedule))
            if m.day > schedule.horizonDays {
                throw ModelError(
                    "\(m.location): day",
                    "\(m.day) lies beyond arm \(m.arm)'s horizon (schedule.horizon_days = \(schedule.horizonDays)); expected a day ≤ the horizon"
                )
            }
            if case .session(let readout) = m.observable, !schedule.days.contains(m.day) {
                throw ModelError(
                    "\(m.location): day",
                    "\(m.day): arm \(m.arm) has no session that day, so '\(readout.name)' has no value; expected one of its session days \(schedule.days.map(String.init).joined(separator: ", "))"
                )
            }
        }
        return CalibrationFile(
            path: path, name: name, description: description, measurementsPaths: measurementsPaths,
            measurementsListed: listed, arms: arms, noise: noise, parameters: parameters, fit: fit,
            measurements: measurements)
    }

    /// `measurements`: a path, or a non-empty array of paths; also whether it was an array.
    static func measurementFiles(_ value: JSONValue?, path: String) throws(ModelError) -> ([String], Bool) {
        switch value {
        case .string(let s)? where !s.isEmpty: return ([s], false)
        case .array(let items)? where !items.isEmpty:
            var out: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let s) = item, !s.isEmpty else {
                    throw ModelError(
                        "\(path): measurements[\(index)]",
                        "\(item.rendered); expected the path of a measurement file (relative to the calibration file)")
                }
                out.append(s)
            }
            return (out, true)
        default:
            throw ModelError(
                "\(path): measurements",
                "\(value?.rendered ?? "missing"); expected the path of a measurement file, or a non-empty array of paths"
            )
        }
    }

    /// `noise`: `{"OBSERVABLE" or "study:ID/OBSERVABLE": GROUP}` in file order (`NoiseGroups`); ID
    /// must be a study some arm names. Whether OBSERVABLE is measured is checked once the rows are read.
    static func noiseKeys(_ value: JSONValue?, path: String, arms: [Arm]) throws(ModelError) -> [(String, String)] {
        guard let value else { return [] }
        guard case .object(let object) = value else {
            throw ModelError(
                "\(path): noise",
                "is \(value.kindName); expected an object of \"OBSERVABLE\" or \"study:ID/OBSERVABLE\": GROUP")
        }
        let studies = arms.filter(\.studyNamed).map(\.study).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        var out: [(String, String)] = []
        for (key, entry) in object.pairs {
            let place = "\(path): noise.\(key)"
            if key.hasPrefix("study:") {
                let parts = key.dropFirst("study:".count).split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw ModelError(place, "expected OBSERVABLE or study:ID/OBSERVABLE")
                }
                let id = String(parts[0])
                guard studies.contains(id) else {
                    throw ModelError(
                        place,
                        "unknown study '\(id)'\(suggestion(id, among: studies)); expected a study an arm names (\(studies.isEmpty ? "none does" : studies.joined(separator: ", ")))"
                    )
                }
            } else if key.contains("/") || key.isEmpty {
                throw ModelError(place, "expected OBSERVABLE or study:ID/OBSERVABLE")
            }
            guard case .string(let group) = entry, !group.isEmpty else {
                throw ModelError(place, "\(entry.rendered); expected a non-empty noise group name")
            }
            out.append((key, group))
        }
        return out
    }

    /// `{"section.key": value, …}` as (key, text) pairs in file order.
    static func assignments(_ value: JSONValue?, location: String) throws(ModelError) -> [(String, String)] {
        guard let value else { return [] }
        guard case .object(let object) = value else {
            throw ModelError(location, "is \(value.kindName); expected an object of \"section.key\": value")
        }
        var out: [(String, String)] = []
        for (key, entry) in object.pairs {
            switch entry {
            case .number(let n): out.append((key, n.text))
            case .string(let s): out.append((key, s))
            case .bool(let b): out.append((key, String(b)))
            case .array(let items):
                var numbers: [String] = []
                for item in items {
                    guard case .number(let n) = item else {
                        throw ModelError("\(location).\(key)", "holds \(item.kindName); expected a list of numbers")
                    }
                    numbers.append(n.text)
                }
                out.append((key, numbers.joined(separator: ",")))
            default:
                throw ModelError(
                    "\(location).\(key)",
                    "is \(entry.kindName); expected a number, text, true/false or a list of numbers")
            }
        }
        return out
    }

    static let boundKeys = ["start", "lower", "upper", "scale"]

    /// One `{start, lower, upper, scale}` entry.
    static func bounds(
        _ entry: JSONValue, place: String, defaultScale: ParameterScale
    ) throws(ModelError) -> (start: Double, lower: Double, upper: Double, scale: ParameterScale) {
        guard case .object(let spec) = entry else {
            throw ModelError(place, "is \(entry.kindName); expected {\"start\", \"lower\", \"upper\", \"scale\"}")
        }
        for key in spec.keys where !boundKeys.contains(key) {
            throw ModelError(
                "\(place).\(key)",
                "unknown key\(suggestion(key, among: boundKeys)); expected only \(boundKeys.joined(separator: ", "))"
            )
        }
        func number(_ key: String) throws(ModelError) -> Double {
            guard case .number(let n)? = spec[key], n.value.isFinite else {
                throw ModelError("\(place).\(key)", "\(spec[key]?.rendered ?? "missing"); expected a finite number")
            }
            return n.value
        }
        let start = try number("start")
        let lower = try number("lower")
        let upper = try number("upper")
        var scale = defaultScale
        if let s = spec["scale"] {
            guard case .string(let text) = s, let parsed = ParameterScale(rawValue: text) else {
                throw ModelError("\(place).scale", "\(s.rendered); expected \"linear\" or \"log\"")
            }
            scale = parsed
        }
        guard lower < upper else {
            throw ModelError(
                place, "lower \(formatNumber(lower)) is not below upper \(formatNumber(upper)); expected lower < upper")
        }
        guard lower < start && start < upper else {
            throw ModelError(
                "\(place).start",
                "\(formatNumber(start)) is not strictly inside (\(formatNumber(lower)), \(formatNumber(upper))); expected lower < start < upper"
            )
        }
        if scale == .log && lower <= 0 {
            throw ModelError(
                "\(place).lower", "\(formatNumber(lower)) with scale log; expected a lower bound > 0 on the log scale")
        }
        return (start, lower, upper, scale)
    }

    static func estimates(_ value: JSONValue?, path: String, arms: [Arm]) throws(ModelError) -> [EstimatedParameter] {
        guard case .object(let object)? = value, !object.isEmpty else {
            throw ModelError(
                "\(path): estimate",
                "\(value?.rendered ?? "missing"); expected an object of parameters to estimate, at least one")
        }
        var out: [EstimatedParameter] = []
        let studies = arms.map(\.study).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (written, entry) in object.pairs {
            let place = "\(path): estimate.\(written)"
            var key = written
            var study: String?
            if written.hasPrefix("study:") {
                let rest = written.dropFirst("study:".count)
                guard let slash = rest.firstIndex(of: "/") else {
                    throw ModelError(place, "expected study:ID/SECTION.PARAMETER, with the study's id before '/'")
                }
                let id = String(rest[..<slash])
                guard studies.contains(id) else {
                    throw ModelError(
                        place,
                        "unknown study '\(id)'\(suggestion(id, among: studies)); expected one of \(studies.joined(separator: ", "))"
                    )
                }
                study = id
                key = String(rest[rest.index(after: slash)...])
            }
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let sectionNames = Section.allCases.map(\.rawValue)
            guard parts.count == 2, let section = Section(rawValue: parts[0]) else {
                throw ModelError(
                    place,
                    "unknown section '\(parts[0])'\(suggestion(parts[0], among: sectionNames)); expected SECTION.PARAMETER with SECTION one of \(sectionNames.joined(separator: ", "))"
                )
            }
            guard let spec = section.spec(parts[1]) else {
                let keys = section.specs.map(\.key)
                throw ModelError(
                    place,
                    "unknown \(section.rawValue) parameter '\(parts[1])'\(suggestion(parts[1], among: keys)); expected one of \(keys.joined(separator: ", "))"
                )
            }
            guard case .number(let allowed) = spec.kind else {
                throw ModelError(
                    place, "is not a real-valued parameter (\(spec.expectation)); expected a number parameter")
            }
            let b = try bounds(entry, place: place, defaultScale: .linear)
            for (label, x) in [("lower", b.lower), ("upper", b.upper)] where !allowed.contains(x) {
                throw ModelError(
                    "\(place).\(label)", "\(formatNumber(x)) is outside what \(key) allows; expected \(allowed.phrase)")
            }
            out.append(
                EstimatedParameter(
                    name: written, target: .model(section, parts[1]), start: b.start, lower: b.lower, upper: b.upper,
                    scale: b.scale, unit: spec.unit, study: study))
        }
        return out
    }

    /// `observables: {"NAME": {"scale": {…}, "offset": {…}}}`: an observable in arbitrary units is
    /// predicted as scale · model + offset.
    static func observableParameters(
        _ value: JSONValue?, path: String, measurements: [Measurement]
    ) throws(ModelError) -> [EstimatedParameter] {
        guard let value else { return [] }
        guard case .object(let object) = value else {
            throw ModelError("\(path): observables", "is \(value.kindName); expected an object of observables")
        }
        var out: [EstimatedParameter] = []
        let measured = Set(measurements.map(\.observable.name))
        for (name, entry) in object.pairs {
            let place = "\(path): observables.\(name)"
            guard measured.contains(name) else {
                throw ModelError(
                    place,
                    "is not measured in the measurement file\(suggestion(name, among: measured.sorted())); expected one of \(measured.sorted().joined(separator: ", "))"
                )
            }
            guard case .object(let parts) = entry else {
                throw ModelError(place, "is \(entry.kindName); expected {\"scale\": {…}, \"offset\": {…}}")
            }
            for key in parts.keys where key != "scale" && key != "offset" {
                throw ModelError(
                    "\(place).\(key)",
                    "unknown key\(suggestion(key, among: ["scale", "offset"])); expected scale and/or offset"
                )
            }
            if let s = parts["scale"] {
                let b = try bounds(s, place: "\(place).scale", defaultScale: .log)
                out.append(
                    EstimatedParameter(
                        name: "scale.\(name)", target: .scale(name), start: b.start, lower: b.lower, upper: b.upper,
                        scale: b.scale, unit: nil))
            }
            if let o = parts["offset"] {
                let b = try bounds(o, place: "\(place).offset", defaultScale: .linear)
                out.append(
                    EstimatedParameter(
                        name: "offset.\(name)", target: .offset(name), start: b.start, lower: b.lower, upper: b.upper,
                        scale: b.scale, unit: nil))
            }
        }
        return out
    }

    static let fitKeys = [
        "method", "starts", "seed", "max_iterations", "xtol", "gtol", "ftol", "relative_step", "replay",
    ]

    static func fitSettings(_ value: JSONValue?, path: String) throws(ModelError) -> CalibrationFitSettings {
        var settings = CalibrationFitSettings()
        guard let value else { return settings }
        guard case .object(let object) = value else {
            throw ModelError("\(path): fit", "is \(value.kindName); expected an object of fit settings")
        }
        for key in object.keys where !fitKeys.contains(key) {
            throw ModelError(
                "\(path): fit.\(key)",
                "unknown key\(suggestion(key, among: fitKeys)); expected only \(fitKeys.joined(separator: ", "))"
            )
        }
        func number(_ key: String, _ test: (Double) -> Bool, _ expected: String) throws(ModelError) -> Double? {
            guard let entry = object[key] else { return nil }
            guard case .number(let n) = entry, n.value.isFinite, test(n.value) else {
                throw ModelError("\(path): fit.\(key)", "\(entry.rendered); expected \(expected)")
            }
            return n.value
        }
        func choice<Choice: CaseIterable & RawRepresentable>(_ key: String) throws(ModelError) -> Choice?
        where Choice.RawValue == String {
            guard let entry = object[key] else { return nil }
            guard case .string(let text) = entry, let value = Choice(rawValue: text) else {
                let names = Choice.allCases.map(\.rawValue)
                throw ModelError(
                    "\(path): fit.\(key)", "\(entry.rendered); expected one of \(names.joined(separator: ", "))")
            }
            return value
        }
        if let method: TrustRegionMethod = try choice("method") { settings.method = method }
        if let mode: ReplayMode = try choice("replay") { settings.replay = mode }
        let whole: (Double) -> Bool = { $0 == $0.rounded() }
        if let s = try number("starts", { whole($0) && $0 >= 1 && $0 <= 10_000 }, "a whole number from 1 to 10000") {
            settings.starts = Int(s)
        }
        if let s = try number("seed", { whole($0) && $0 >= 0 && $0 < 4e9 }, "a whole number ≥ 0") {
            settings.seed = UInt(s)
        }
        if let s = try number(
            "max_iterations", { whole($0) && $0 >= 1 && $0 <= 100_000 }, "a whole number from 1 to 100000")
        {
            settings.maxIterations = Int(s)
        }
        if let s = try number("xtol", { $0 > 0 && $0 < 1 }, "a number in (0, 1)") { settings.xtol = s }
        if let s = try number("gtol", { $0 > 0 && $0 < 1 }, "a number in (0, 1)") { settings.gtol = s }
        if let s = try number("ftol", { $0 >= 0 && $0 < 1 }, "a number in [0, 1)") { settings.ftol = s }
        if let s = try number("relative_step", { $0 > 0 && $0 < 1 }, "a number in (0, 1)") {
            settings.relativeStep = s
        }
        return settings
    }
}
