import Foundation
import PDTNumerics

/// The headline of a finished cohort folder, read back from its `summary.json` (so that a run and
/// a merge of its shards report the same): the responder fraction p̂ = responders/n over the n
/// subjects that succeeded with its Wilson 95 % interval, and the median and quartiles of the
/// evaluation-day reduction (%, the first protocol readout).
public struct CohortOutcome: Sendable {
    /// The subjects run and the subjects that failed.
    public let subjectsRun: Int
    public let subjectsFailed: Int
    /// The target a responder's evaluation-day reduction reaches, %.
    public let targetPercent: Double
    /// Responders among `banded` subjects (those that succeeded).
    public let responders: Int
    public let banded: Int
    /// p̂ and its Wilson 95 % interval; nil when no subject succeeded.
    public let fraction: (estimate: Double, lower: Double, upper: Double)?
    /// The evaluation readout's name and its median, 25 % and 75 % quantiles (nil without subjects).
    public let readout: String
    public let median: Double?
    public let quartiles: (lower: Double, upper: Double)?

    /// Reads `folder/summary.json`.
    /// - Throws: `OutputError` when it cannot be read or is not a cohort summary pdtsim wrote.
    public init(folder: String) throws(OutputError) {
        let path = "\(folder)/\(CohortReport.summaryName)"
        let value: JSONValue
        do {
            value = try JSONValue.parse(try POSIXFile.readContents(of: path), path: path)
        } catch {
            throw OutputError(path: path, reason: "cannot read the cohort summary (\(error))")
        }
        let summary = value.output
        guard let responder = summary["responder_fraction"],
            let run = summary["subjects_run"]?.integerValue, let failed = summary["subjects_failed"]?.integerValue,
            let responders = responder["responders"]?.integerValue, let banded = responder["of"]?.integerValue,
            case .object(let readouts)? = summary["readouts"], let (name, spread) = readouts.first
        else {
            throw OutputError(path: path, reason: "not a cohort summary written by pdtsim")
        }
        subjectsRun = run
        subjectsFailed = failed
        targetPercent = summary["cohort"]?["target_percent"].flatMap(CohortReport.numberValue) ?? 0
        self.responders = responders
        self.banded = banded
        let number = { (json: JSONOutput?) in json.flatMap(CohortReport.numberValue) }
        if let p = number(responder["fraction"]), let low = number(responder["wilson_95_lower"]),
            let high = number(responder["wilson_95_upper"])
        {
            fraction = (p, low, high)
        } else {
            fraction = nil
        }
        readout = name
        median = number(spread["median"])
        let quantiles = spread["quantiles"]
        if let q25 = number(quantiles?["25"]), let q75 = number(quantiles?["75"]) {
            quartiles = (q25, q75)
        } else {
            quartiles = nil
        }
    }
}
