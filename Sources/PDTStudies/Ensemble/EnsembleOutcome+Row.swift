import PDTCore

extension EnsembleOutcome {
    /// The point's row of a sweep, cohort or sensitivity CSV, with its newline: the index, the
    /// override texts, `status`, then `readoutFields`.
    public var line: String { CSVTable.line(fields) }

    /// The fields of `line`: the index, the override texts, `status`, then `readoutFields`.
    public var fields: [CSVTable.Field] {
        [.integer(index)] + overrides.map { .text($0.override.text) } + [.text(status)] + Self.readoutFields(success)
    }

    /// The readout fields of an ensemble row: every `ProtocolReadout.summary`, then every
    /// `SessionReadout` of the first session (`session1_…`); empty when `result` is nil (a failed
    /// point) or, for the session fields, has no session.
    public static func readoutFields(_ result: ProtocolResult?) -> [CSVTable.Field] {
        let readouts =
            result.map { r in ProtocolReadout.summary.map { $0.field(r.readouts) } }
            ?? Array(repeating: .missing, count: ProtocolReadout.summary.count)
        let session =
            result?.sessions.first.map { s in SessionReadout.all.map { $0.field(s) } }
            ?? Array(repeating: .missing, count: SessionReadout.all.count)
        return readouts + session
    }
}
