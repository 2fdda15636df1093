import PDTCore

/// The tables of a Sobol analysis, as SALib users expect them.
public enum SobolTables {
    /// The columns of `indices.csv`: the readout, the input (its column name in `design.csv`),
    /// S1 with its 95 % half-width and interval bounds, then the same for ST.
    public static let indicesHeader = [
        "readout", "parameter", "S1", "S1_conf", "S1_low", "S1_high", "ST", "ST_conf", "ST_low", "ST_high",
    ]

    /// `indices.csv`: one row per (readout, parameter), readouts in the given order, parameters in
    /// input order; the bounds are index ± half-width (not clipped, as SALib reports them).
    public static func indices(parameters: [String], readouts: [(name: String, indices: [SobolIndex])]) -> CSVTable {
        var table = CSVTable(header: indicesHeader)
        for readout in readouts {
            precondition(readout.indices.count == parameters.count, "one Sobol index per parameter")
            for (parameter, index) in zip(parameters, readout.indices) {
                table.append([
                    .text(readout.name), .text(parameter),
                    .number(index.first), .number(index.firstConfidence),
                    .number(index.first - index.firstConfidence), .number(index.first + index.firstConfidence),
                    .number(index.total), .number(index.totalConfidence),
                    .number(index.total - index.totalConfidence), .number(index.total + index.totalConfidence),
                ])
            }
        }
        return table
    }

    /// The header of `design.csv`: `run`, every input column, `status`, every readout. Its rows
    /// follow `SobolDesign`'s run order, which is SALib's, so `Y = design[readout]` can be given
    /// to `SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False)` as it is.
    public static func designHeader(parameters: [String], readouts: [String]) -> [String] {
        ["run"] + parameters + ["status"] + readouts
    }
}
