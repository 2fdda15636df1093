import PDTCore
import PDTNumerics
import PDTStudies

extension Explorer {
    /// `pdtsim sweep` of the request's protocol over one axis, in memory: the sweep CSV as a table
    /// (index, the varied key, status, the protocol readouts, the first session's readouts), with
    /// every point validated before any is simulated. A point whose integration fails keeps its
    /// row with its status, as in the file the command writes.
    func sweep(_ request: ProtocolRequest, axis: SweepAxis) throws -> CSVTable {
        let design = try SweepDesign(axes: [axis], zip: false)
        let plan = SweepPlan(
            library: library, data: data, base: try request.definition(library), protocolArgument: request.name,
            overrides: request.assignments, design: design)
        try plan.validatePoints(jobs: 1)
        var sink = CollectingSink()
        try plan.ensemble.run(indices: Array(0..<design.pointCount), jobs: 1, into: &sink)
        var table = CSVTable(header: plan.columns)
        for outcome in sink.outcomes { table.append(outcome.fields) }
        return table
    }
}
