import PDTNumerics

/// The largest indices of a finished sensitivity folder, read back from its `indices.csv` (so
/// that a run and a merge of its shards report the same): per readout, the parameters in
/// decreasing order of the total Sobol index S_T (with the first-order S_1), or of Morris's μ*
/// (with σ). A readout whose indices are empty (a failed run) ranks no parameter.
public struct SensitivityRanking: Sendable {
    /// One parameter's ranking index and its companion (S_T and S_1, or μ* and σ).
    public struct Entry: Sendable, Equatable {
        public let parameter: String
        public let index: Double
        public let companion: Double
    }

    /// The method's names for the two columns: ("ST", "S1") or ("mu_star", "sigma").
    public let indexName: String
    public let companionName: String
    /// Readouts in the file's order, each with its parameters ranked, largest first.
    public let readouts: [(readout: String, entries: [Entry])]

    /// Reads `folder/indices.csv` (Sobol's or Morris's columns).
    /// - Throws: `OutputError` when it cannot be read or lacks the columns.
    public init(folder: String) throws(OutputError) {
        let path = "\(folder)/\(SensitivityReport.indicesName)"
        let text = try CohortReport.readText(path: path)
        let header = (try? CSVReader.fields(text.prefix { $0 != "\n" })) ?? []
        let names = header.contains("ST") ? ("ST", "S1") : ("mu_star", "sigma")
        guard let readoutColumn = header.firstIndex(of: "readout"),
            let parameterColumn = header.firstIndex(of: "parameter"), let indexColumn = header.firstIndex(of: names.0),
            let companionColumn = header.firstIndex(of: names.1)
        else {
            throw OutputError(path: path, reason: "not the indices of a sensitivity analysis written by pdtsim")
        }
        var readouts: [(readout: String, entries: [Entry])] = []
        for fields in try CohortReport.readRows(path: path) where fields.count == header.count {
            let readout = String(fields[readoutColumn])
            if readouts.last?.readout != readout { readouts.append((readout, [])) }
            guard let index = Double(fields[indexColumn]), let companion = Double(fields[companionColumn]) else {
                continue
            }
            readouts[readouts.count - 1].entries.append(
                Entry(parameter: String(fields[parameterColumn]), index: index, companion: companion))
        }
        indexName = names.0
        companionName = names.1
        self.readouts = readouts.map { ($0.readout, $0.entries.sorted { $0.index > $1.index }) }
    }
}
