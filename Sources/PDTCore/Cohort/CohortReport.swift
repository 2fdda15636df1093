import Foundation

/// The files of a finished cohort folder, computed from its rows (`subjects.csv`), their sidecar
/// and the daily spool (`daily.bin`) alone, so that a run and a merge of its shards write the same
/// bytes:
/// - `bands.csv`: one row per day: `day`, `subjects` (the subjects banded: those that
///   succeeded), then for each series of `CohortPlan.series` its mean, sd (n − 1) and the
///   quantiles of `DailyBands.probabilities` (`_q2.5` … `_q97.5`), numpy's linear interpolation;
/// - `summary.json`: the cohort (its sidecar entry: argument, name, sampling, subjects, seed,
///   inputs, protocol), subjects run, failed (with their indices) and banded, the responder
///   fraction (reduction on the evaluation day ≥ the target, over the subjects that succeeded)
///   with its Wilson 95 % interval, the mean, median and quantiles of every protocol readout
///   (booleans as 0/1), and the versions.
public enum CohortReport {
    public static let subjectsName = "subjects.csv"
    public static let spoolName = "daily.bin"
    public static let bandsName = "bands.csv"
    public static let summaryName = "summary.json"

    /// Writes `bands.csv` and `summary.json` into `folder` and deletes the spool.
    /// - Throws: `OutputError` when a file cannot be read or written.
    static func write(folder: String, sidecar: JSONOutput) throws {
        let cohort = sidecar["cohort"]!
        let subjects = cohort["subjects"]!.integerValue!
        let days = cohort["days"]!.integerValue!
        let series = CohortPlan.series
        let columns = sidecar["columns"]!.stringValues!
        let rows = try readRows(path: "\(folder)/\(subjectsName)")
        let statusColumn = columns.firstIndex(of: "status")!
        let succeeded = rows.filter { $0[statusColumn] == "ok" }
        let bands = try DailyBands.compute(
            spool: "\(folder)/\(spoolName)", subjects: subjects, series: series.count, days: days)
        var header = ["day", "subjects"]
        for name in series {
            header += [name + "_mean", name + "_sd"] + DailyBands.probabilities.map { name + "_q" + percent($0) }
        }
        var table = CSVTable(header: header)
        for (day, band) in bands.enumerated() {
            var fields: [CSVTable.Field] = [.integer(day), .integer(succeeded.count)]
            for b in band { fields += ([b.mean, b.sd] + b.quantiles).map(field) }
            table.append(fields)
        }
        try AtomicOutput.write(table.text, to: "\(folder)/\(bandsName)")

        let readoutColumns = Array(columns[(statusColumn + 1)...].prefix { !$0.hasPrefix("session1_") })
        var readouts: [(String, JSONOutput)] = []
        for name in readoutColumns {
            let column = columns.firstIndex(of: name)!
            let values = succeeded.compactMap { number($0[column]) }
            readouts.append((name, spread(values)))
        }
        let target = cohort["target_percent"].flatMap(numberValue) ?? 0
        let evaluation = readoutColumns[0]
        let evaluationColumn = columns.firstIndex(of: evaluation)!
        let responders = succeeded.filter { (number($0[evaluationColumn]) ?? -.infinity) >= target }.count
        var responderPairs: [(String, JSONOutput)] = [
            (
                "definition",
                .string("\(evaluation) ≥ target_percent (\(formatNumber(target))), over the subjects that succeeded")
            ),
            ("responders", .integer(responders)), ("of", .integer(succeeded.count)),
        ]
        if !succeeded.isEmpty {
            let interval = WilsonInterval(successes: responders, trials: succeeded.count)
            responderPairs += [
                ("fraction", .number(Double(responders) / Double(succeeded.count))),
                ("wilson_95_lower", .number(interval.lower)), ("wilson_95_upper", .number(interval.upper)),
            ]
        } else {
            responderPairs += [("fraction", .null), ("wilson_95_lower", .null), ("wilson_95_upper", .null)]
        }
        let failed = rows.filter { $0[statusColumn] != "ok" }.map { JSONOutput.string(String($0[0])) }
        let summary = JSONOutput.object([
            ("kind", .string("pdtsim cohort summary")),
            ("cohort", cohort),
            ("subjects_run", .integer(rows.count)), ("subjects_failed", .integer(failed.count)),
            ("subjects_banded", .integer(succeeded.count)),
            ("failed_subjects", .array(failed)),
            ("responder_fraction", .object(responderPairs)),
            ("quantiles", .array(DailyBands.probabilities.map { .number($0) })),
            ("quantile_method", .string("linear interpolation, h = (n − 1) p (numpy's default)")),
            ("readouts", .object(readouts)),
            ("versions", sidecar["versions"]!),
        ])
        try AtomicOutput.write(summary.text() + "\n", to: "\(folder)/\(summaryName)")
        POSIXFile.removeTree("\(folder)/\(spoolName)")
    }

    /// Mean, median and quantiles of one readout over the subjects that succeeded.
    static func spread(_ values: [Double]) -> JSONOutput {
        guard !values.isEmpty else { return .object([("mean", .null), ("median", .null), ("quantiles", .null)]) }
        let band = DailyBands.band(values)
        return .object([
            ("mean", .number(band.mean)), ("median", .number(band.quantiles[3])),
            ("quantiles", .object(zip(DailyBands.probabilities, band.quantiles).map { (percent($0), .number($1)) })),
        ])
    }

    /// 0.025 → "2.5", 0.5 → "50".
    static func percent(_ p: Double) -> String { formatNumber((p * 1000).rounded() / 10) }

    static func field(_ x: Double) -> CSVTable.Field { x.isNaN ? .missing : .number(x) }

    static func number(_ text: Substring) -> Double? {
        switch text {
        case "true": 1
        case "false": 0
        default: Double(text)
        }
    }

    static func numberValue(_ json: JSONOutput) -> Double? {
        switch json {
        case .number(let x): x
        case .integer(let i): Double(i)
        default: nil
        }
    }

    /// The data rows of a CSV written by pdtsim (no quoted commas in a cohort's fields), split.
    static func readRows(path: String) throws(OutputError) -> [[Substring]] {
        let data: Data
        do {
            data = try POSIXFile.readContents(of: path)
        } catch {
            throw OutputError(path: path, reason: error.description)
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
    }

    /// Writes the marker into `work` and renames it to `output`, replacing an earlier pdtsim
    /// output folder there (moved aside first, removed once the new one is in place).
    static func publish(_ work: String, as output: String) throws(OutputError) {
        try AtomicOutput.checkDirectory(output)
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let retired = AtomicOutput.sibling(of: target, suffix: "old")
        do {
            try POSIXFile.writeFile(AtomicOutput.markerContents, to: "\(work)/\(AtomicOutput.markerName)")
            let hadOld = POSIXFile.exists(target.path)
            if hadOld {
                POSIXFile.removeTree(retired)
                try POSIXFile.move(target.path, to: retired)
            }
            try POSIXFile.move(work, to: target.path)
            if hadOld { POSIXFile.removeTree(retired) }
        } catch {
            throw OutputError(path: output, reason: error.description)
        }
    }
}
