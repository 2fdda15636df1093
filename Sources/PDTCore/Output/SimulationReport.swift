import PDTNumerics

/// The files `pdtsim simulate` writes for one protocol run, built from its result.
public struct SimulationReport: Sendable {
    public static let pdtsimVersion = "0.6.0"

    public let definition: ProtocolDefinition
    public let result: ProtocolResult

    public init(definition: ProtocolDefinition, result: ProtocolResult) {
        self.definition = definition
        self.result = result
    }

    /// One row per whole day: `day`, then every `TimelineReadout`.
    public var timeline: CSVTable {
        var table = CSVTable(header: ["day"] + TimelineReadout.all.map(\.name))
        for sample in result.timeline {
            table.append([.integer(sample.day)] + TimelineReadout.all.map { .number($0.value(sample)) })
        }
        return table
    }

    /// One row per session: `session`, `day`, then every `SessionReadout`.
    public var sessions: CSVTable {
        var table = CSVTable(header: ["session", "day"] + SessionReadout.all.map(\.name))
        for s in result.sessions {
            table.append([.integer(s.number), .integer(s.day)] + SessionReadout.all.map { $0.field(s) })
        }
        return table
    }

    /// The first session's depth profile, one row per cell centre.
    public var depth: CSVTable {
        var table = CSVTable(header: [
            "depth_cm", "region", "fluence_factor", "excitation_rate_per_s", "ppix_at_light_on_uM",
            "ppix_at_light_off_uM", "min_oxygen_uM", "dose_uM",
        ])
        if let p = result.sessions.first?.result.profile {
            for k in p.depthsCm.indices {
                table.append([
                    .number(p.depthsCm[k]), .text(p.regions[k]), .number(p.fluenceFactors[k]),
                    .number(p.excitationRates[k]),
                    .number(p.ppixAtLightOn[k]), .number(p.ppixAtLightOff[k]), .number(p.minimumOxygen[k]),
                    .number(p.dose[k]),
                ])
            }
        }
        return table
    }

    /// The first session's region means at the solver's accepted steps.
    public var trace: CSVTable {
        var table = CSVTable(header: [
            "time_s", "time_h", "phase", "light_on", "prodrug_epidermis_uM", "prodrug_sebaceous_uM",
            "ppix_epidermis_uM",
            "ppix_sebaceous_uM", "oxygen_epidermis_uM", "oxygen_sebaceous_uM", "dose_epidermis_uM", "dose_sebaceous_uM",
        ])
        for s in result.sessions.first?.result.trace ?? [] {
            table.append([
                .number(s.timeS), .number(s.timeS / 3600), .text(s.phase.rawValue), .flag(s.lightOn),
                .number(s.prodrugEpidermis), .number(s.prodrugSebaceous), .number(s.ppixEpidermis),
                .number(s.ppixSebaceous),
                s.oxygenEpidermis.map { .number($0) } ?? .missing, s.oxygenSebaceous.map { .number($0) } ?? .missing,
                .number(s.doseEpidermis), .number(s.doseSebaceous),
            ])
        }
        return table
    }

    static func statisticsJSON(_ s: ODEStatistics) -> JSONOutput {
        .object([
            ("accepted_steps", .integer(s.acceptedSteps)), ("rejected_steps", .integer(s.rejectedSteps)),
            ("rhs_evaluations", .integer(s.rhsEvaluations)), ("jacobian_evaluations", .integer(s.jacobianEvaluations)),
            ("resets", .integer(s.resets)),
        ])
    }

    /// The skin the run used (its optics model and Monte Carlo settings).
    public var skin: Skin? { try? definition.build().skin }

    /// `summary.json`: readouts (`ProtocolReadout.summary`), the resolved protocol (loadable as a protocol file), versions,
    /// solver statistics, and every model and data file used with its SHA-256.
    public var summary: JSONOutput {
        let r = result.readouts
        let phases = SessionPhase.allCases.compactMap { phase in
            result.sessionStatistics[phase].map { (phase.rawValue, Self.statisticsJSON($0)) }
        }
        return .object(
            ProtocolReadout.summary.map { ($0.key(evaluationDay: r.evaluationDay), $0.json(r)) } + [
                ("evaluation_day", .integer(r.evaluationDay)), ("target_percent", .number(r.targetPercent)),
                ("protocol_name", .string(definition.name)),
                ("versions", .object([("pdtsim", .string(Self.pdtsimVersion)), ("gsl", .string(GSL.version))])),
                (
                    "solver_statistics",
                    .object([
                        ("sessions_by_phase", .object(phases)),
                        ("response", Self.statisticsJSON(result.responseStatistics)),
                    ])
                ),
                ("optics", skin.map { LightTransport.provenance(skin: $0) } ?? .null),
                ("presets", .object(definition.presets.map { ($0.0.rawValue, .string($0.1)) })),
                ("data_files", definition.dataFilesJSON),
                ("protocol", definition.json),
            ])
    }

    /// Every file of the output folder, by name.
    public var files: [(name: String, contents: String)] {
        [
            ("timeline.csv", timeline.text), ("sessions.csv", sessions.text), ("depth.csv", depth.text),
            ("session_trace.csv", trace.text), ("summary.json", summary.text() + "\n"),
            ("protocol.json", definition.json.text() + "\n"),
        ]
    }
}
