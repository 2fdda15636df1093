import PDTNumerics

extension CSVTable.Field {
    /// The field as a JSON value: numbers and whole numbers as numbers (a non-finite number, which
    /// the CSV writes as nan or ±inf, as null), text as a string, flags as booleans, a missing
    /// value as null.
    public var json: JSONOutput {
        switch self {
        case .number(let x): .number(x)
        case .integer(let i): .integer(i)
        case .text(let s): .string(s)
        case .flag(let b): .bool(b)
        case .missing: .null
        }
    }
}

extension CSVTable {
    /// The table as JSON: `{"columns": [header…], "rows": [[field…], …]}`, each field as `Field.json`.
    public var json: JSONOutput {
        .object([
            ("columns", .array(header.map { .string($0) })),
            ("rows", .array(rows.map { .array($0.map(\.json)) })),
        ])
    }

    /// The table column by column: `{"COLUMN": [value of each row…], …}` in header order.
    public var columnsJSON: JSONOutput {
        .object(header.indices.map { c in (header[c], .array(rows.map { $0[c].json })) })
    }

    /// The table row by row: `[{"COLUMN": value, …}, …]`.
    public var recordsJSON: JSONOutput {
        .array(rows.map { row in .object(header.indices.map { (header[$0], row[$0].json) }) })
    }
}
