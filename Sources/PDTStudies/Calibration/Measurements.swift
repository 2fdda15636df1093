import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// One measured value: an observable of one arm on one day.
public struct Measurement: Sendable, Equatable {
    public var arm: String
    public var day: Int
    public var observable: Observable
    public var value: Double
    /// The standard deviation of one observation, if given.
    public var sd: Double?
    /// The number of observations the value is the mean of (1 when not given).
    public var n: Int
    public var subject: String?
    /// `file:line` where the row was read.
    public var location: String

    /// The standard error of the value, sd/√n; nil when sd is not given.
    public var standardError: Double? { sd.map { $0 / Double(n).squareRoot() } }
}

/// The measurement table of a calibration (PEtab's measurement table in pdtsim's terms): a CSV with
/// the columns `arm, day, observable, value` and optionally `sd`, `n`, `subject`, in any order.
/// Lines starting with `#` are comments (provenance of the data). Strict: every bad row is named
/// by file:line, column and value.
public enum MeasurementTable {
    static let required = ["arm", "day", "observable", "value"]
    static let optional = ["sd", "n", "subject"]

    /// Reads `path`; `arms` are the arm names of the calibration, `arbitraryUnits` the observables
    /// it measures in arbitrary units (checked against `MeasurementBounds.arbitraryUnits` instead of
    /// their physical bounds), `noise` the calibration's noise groups: rows of one group give sd on
    /// every row or on none (`NoiseGroups.checkConsistentSD`).
    public static func load(
        _ path: String, arms: [String], arbitraryUnits: Set<String> = [], noise: NoiseGroups = NoiseGroups()
    ) throws(ModelError) -> [Measurement] {
        let data = try POSIXFile.readInput(path, what: "the measurement file", expected: "a CSV file")
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(path, "is not UTF-8 text; expected a CSV file")
        }
        return try parse(text, path: path, arms: arms, arbitraryUnits: arbitraryUnits, noise: noise)
    }

    /// Parses the text of a measurement file read from `path` (see `load`).
    public static func parse(
        _ text: String, path: String, arms: [String], arbitraryUnits: Set<String> = [],
        noise: NoiseGroups = NoiseGroups()
    ) throws(ModelError) -> [Measurement] {
        var header: [String]?
        var rows: [Measurement] = []
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text) { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty || trimmed.hasPrefix("#")
            }
        } catch {
            throw ModelError("\(path):\(error.line)", error.reason)
        }
        for record in records {
            let number = record.line
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let columns = header else {
                let known = required + optional
                for (i, name) in fields.enumerated() {
                    guard known.contains(name) else {
                        throw ModelError(
                            "\(path):\(number): column \(i + 1)",
                            "unknown column '\(name)'\(suggestion(name, among: known)); expected \(required.joined(separator: ", ")) and optionally \(optional.joined(separator: ", "))"
                        )
                    }
                    if fields[..<i].contains(name) {
                        throw ModelError(
                            "\(path):\(number): column \(i + 1)", "'\(name)' appears twice; expected it once")
                    }
                }
                for name in required where !fields.contains(name) {
                    throw ModelError(
                        "\(path):\(number)",
                        "the header lacks '\(name)'; expected the columns \(required.joined(separator: ", ")) (and optionally \(optional.joined(separator: ", ")))"
                    )
                }
                header = fields
                continue
            }
            guard fields.count == columns.count else {
                throw ModelError(
                    "\(path):\(number)", "has \(fields.count) fields; expected \(columns.count) as in the header")
            }
            func field(_ name: String) -> String? {
                columns.firstIndex(of: name).map { fields[$0] }
            }
            func place(_ name: String) -> String { "\(path):\(number): \(name)" }
            let arm = field("arm")!
            guard arms.contains(arm) else {
                throw ModelError(
                    place("arm"),
                    "'\(arm)' is not an arm of the calibration\(suggestion(arm, among: arms)); expected one of \(arms.joined(separator: ", "))"
                )
            }
            let dayText = field("day")!
            guard let day = Int(dayText), day >= 0 else {
                throw ModelError(place("day"), "'\(dayText)'; expected a whole day number ≥ 0")
            }
            let name = field("observable")!
            guard let observable = Observable(name: name) else {
                throw ModelError(
                    place("observable"),
                    "'\(name)' is not an observable\(suggestion(name, among: Observable.allNames)); expected a column of timeline.csv (\(Observable.timelineNames.joined(separator: ", "))) or a session readout (\(Observable.sessionNames.joined(separator: ", ")))"
                )
            }
            let bounds = arbitraryUnits.contains(name) ? MeasurementBounds.arbitraryUnits : observable.bounds
            let units = arbitraryUnits.contains(name) ? "in arbitrary units" : "for \(name)"
            let valueText = field("value")!
            guard let value = Double(valueText), value.isFinite else {
                throw ModelError(place("value"), "'\(echoed(valueText))'; expected a finite number")
            }
            guard abs(value) <= bounds.largestValue else {
                throw ModelError(
                    place("value"),
                    "\(echoed(valueText)) is out of range \(units); expected a value within ±\(formatNumber(bounds.largestValue))"
                )
            }
            var sd: Double?
            if let text = field("sd"), !text.isEmpty {
                guard let x = Double(text), x.isFinite, x > 0 else {
                    throw ModelError(place("sd"), "'\(echoed(text))'; expected a number > 0, or nothing (σ estimated)")
                }
                guard x >= bounds.smallestSD && x <= bounds.largestSD else {
                    throw ModelError(
                        place("sd"),
                        "\(echoed(text)) is out of range \(units); expected an sd from \(formatNumber(bounds.smallestSD)) to \(formatNumber(bounds.largestSD)), or nothing (σ estimated)"
                    )
                }
                sd = x
            }
            var n = 1
            if let text = field("n"), !text.isEmpty {
                guard let x = Int(text), x >= 1 else {
                    throw ModelError(place("n"), "'\(text)'; expected a whole number ≥ 1 of observations")
                }
                n = x
            }
            let subject = field("subject").flatMap { $0.isEmpty ? nil : $0 }
            rows.append(
                Measurement(
                    arm: arm, day: day, observable: observable, value: value, sd: sd, n: n, subject: subject,
                    location: "\(path):\(number)"))
        }
        guard header != nil else {
            throw ModelError(path, "has no header; expected the columns \(required.joined(separator: ", "))")
        }
        guard !rows.isEmpty else { throw ModelError(path, "has no measurements; expected at least one row") }
        try noise.checkConsistentSD(rows)
        return rows
    }
}
