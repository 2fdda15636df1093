import PDTCore
import PDTNumerics
import PDTStudies

extension Explorer {
    /// Every parameter of the resolved protocol, as `pdtsim show` lists them (section by section,
    /// in each section's key order): `{"protocol": NAME, "description": …, "parameters": [{"key":
    /// "section.key", "value", "unit", "min", "max", "allowed"?, "kind", "expected", "source",
    /// "meaning", "preset"}]}`. `min` and `max` are the range's ends (null when open), `allowed`
    /// the choices of a choice key.
    func parameters(_ request: ProtocolRequest) throws(ModelError) -> JSONOutput {
        let definition = try request.definition(library)
        _ = try definition.resolve()
        var rows: [JSONOutput] = []
        for section in Section.allCases {
            guard let values = definition.sections[section] else { continue }
            for spec in section.specs {
                guard let parameter = values.values[spec.key] else { continue }
                rows.append(
                    Self.parameterJSON(section: section, preset: values.preset, spec: spec, parameter: parameter))
            }
        }
        return .object([
            ("protocol", .string(definition.name)), ("description", .string(definition.description)),
            ("parameters", .array(rows)),
        ])
    }

    static func parameterJSON(
        section: Section, preset: String?, spec: ParameterSpec, parameter: Parameter
    )
        -> JSONOutput
    {
        var bounds: Bounds?
        var allowed: [String]?
        let kind: String
        switch spec.kind {
        case .number(let b): (kind, bounds) = ("number", b)
        case .integer(let b): (kind, bounds) = ("integer", b)
        case .integerList(let b): (kind, bounds) = ("integer_list", b)
        case .choice(let options): (kind, allowed) = ("choice", options)
        case .flag: kind = "flag"
        case .path: kind = "path"
        }
        let value: JSONOutput =
            switch parameter.value {
            case .number(let n): .number(n)
            case .text(let s): .string(s)
            case .flag(let b): .bool(b)
            case .list(let l): .array(l.map { .number($0) })
            }
        var pairs: [(String, JSONOutput)] = [
            ("key", .string("\(section.rawValue).\(spec.key)")), ("value", value),
            ("unit", (parameter.unit ?? spec.unit).map { .string($0) } ?? .null),
            ("min", bounds?.lower.map { .number($0) } ?? .null), ("max", bounds?.upper.map { .number($0) } ?? .null),
        ]
        if let allowed { pairs.append(("allowed", .array(allowed.map { .string($0) }))) }
        pairs += [
            ("kind", .string(kind)), ("expected", .string(spec.expectation)), ("source", .string(parameter.source)),
            ("meaning", .string(spec.meaning)), ("preset", preset.map { .string($0) } ?? .null),
        ]
        return .object(pairs)
    }
}
