import PDTCore
import PDTNumerics
import PDTStudies

extension Explorer {
    /// `pdtsim simulate` of the request's protocol, in memory: the report whose files the command
    /// writes (`SimulationReport`), from the same simulator, settings and work bound.
    func simulate(_ request: ProtocolRequest) throws -> SimulationReport {
        let definition = try request.definition(library)
        let treatment = try definition.resolve()
        let simulator = try ProtocolSimulator(treatment: treatment, data: data, jobs: 1)
        return SimulationReport(definition: definition, result: try simulator.run(detailFirstSession: true))
    }

    /// The JSON answer of a simulation: `{"summary": summary.json, "timeline": {"COLUMN":
    /// [value per day], …}, "sessions": [{"COLUMN": value, …} per session], "depth": {"COLUMN":
    /// [value per cell], …}}` (depth.csv: the first session's depth profiles).
    static func simulationJSON(_ report: SimulationReport) -> JSONOutput {
        .object([
            ("summary", report.summary), ("timeline", report.timeline.columnsJSON),
            ("sessions", report.sessions.recordsJSON), ("depth", report.depth.columnsJSON),
        ])
    }
}
