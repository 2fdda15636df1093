import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

extension ModelFileKind {
    /// A cohort of virtual subjects (`pdtsim cohort`, `sensitivity`; see `CohortDefinition.load`).
    public static let cohort = ModelFileKind(
        name: "cohort", formatVersions: [1],
        bodyKeys: ["protocol", "sampling", "choices", "distributions", "correlations"], noun: "cohort file",
        folder: "cohorts"
    ) { path, library throws(ModelError) in _ = try CohortDefinition.load(path, library: library) }
}

extension CohortDefinition {
    /// Loads cohort `nameOrPath`: a preset of `Models/cohorts/` by name, or a file path (anything
    /// with a `/` or ending in `.json`). The base protocol and every chosen preset must exist.
    ///
    /// Format version 1:
    /// ```
    /// { "format_version": 1, "kind": "cohort", "name": …, "description": …,
    ///   "protocol": "allumera-blue",
    ///   "sampling": {"method": "latin_hypercube", "subjects": 1000, "seed": 1},
    ///   "choices": {"skin": {"fitzpatrick-1-2": {"value": 0.4, "unit": "1", "source": "…"}, …}},
    ///   "distributions": {"skin.epidermis_thickness_cm": {"distribution": "truncated_normal",
    ///       "mean": {"value": 0.00686, "unit": "cm", "source": "…"}, "sd": {…}, "low": {…}, "high": {…}}},
    ///   "correlations": [{"between": ["a.b", "c.d"], "rank_correlation": {"value": 0.5, "unit": "1", "source": "…"}}] }
    /// ```
    /// - Throws: `ModelError` naming the file, the key path, the value and what was expected;
    ///   syntax errors with line and column.
    public static func load(_ nameOrPath: String, library: ModelLibrary) throws(ModelError) -> CohortDefinition {
        var path = nameOrPath
        if !(nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")) {
            path = library.presetPath(directory: "cohorts", name: nameOrPath)
            guard FileManager.default.fileExists(atPath: path) else {
                let known = library.presetNames(directory: "cohorts")
                throw ModelError(
                    "--cohort",
                    "unknown cohort '\(nameOrPath)'\(suggestion(nameOrPath, among: known)); expected one of \(known.joined(separator: ", ")) or a file path"
                )
            }
        }
        return try parse(ModelLibrary.parseFile(path, expected: .cohort), path: path, library: library)
    }

    /// Reads a parsed cohort document (see `load`).
    static func parse(_ json: JSONValue, path: String, library: ModelLibrary) throws(ModelError) -> CohortDefinition {
        let document = try ModelLibrary.document(json, path: path, expected: .cohort)
        let top = document.body
        let name = document.name
        let description = document.description
        var protocolName = try text(top["protocol"], at: "\(path): protocol")
        if protocolName.contains("/") || protocolName.hasSuffix(".json"), !protocolName.hasPrefix("/") {
            protocolName =
                URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(protocolName)
                .standardizedFileURL.path
        }
        do {
            _ = try library.loadProtocol(protocolName)
        } catch {
            throw ModelError("\(path): protocol", "\(error.description)")
        }
        let sampling = try Sampling(top["sampling"], path: path)
        let choices = try parseChoices(top["choices"], path: path, library: library)
        let inputs = try parseInputs(top["distributions"], path: path)
        var definition = CohortDefinition(
            name: name, description: description, origin: path, protocolName: protocolName, choices: choices,
            inputs: inputs, correlation: nil, method: sampling.method, subjects: sampling.subjects,
            seed: sampling.seed)
        if definition.dimensions == 0 {
            throw ModelError(path, "no choices and no distributions; expected at least one varied input")
        }
        if definition.method == .sobol,
            let problem = QuasiRandomSequence.dimensionProblem(definition.dimensions, of: "inputs")
        {
            throw ModelError("\(path): sampling.method", "sobol with \(problem)")
        }
        definition.correlation = try parseCorrelations(top["correlations"], columns: definition.columns, path: path)
        return definition
    }

    /// The `sampling` object: method, default subjects and seed.
    struct Sampling {
        var method = SamplingMethod.latinHypercube
        var subjects = 100
        var seed: UInt64 = 1

        init(_ json: JSONValue?, path: String) throws(ModelError) {
            guard let json else { return }
            let location = "\(path): sampling"
            guard case .object(let object) = json else {
                throw ModelError(location, "is \(json.kindName); expected an object with method, subjects and seed")
            }
            let keys = ["method", "subjects", "seed"]
            for key in object.keys where !keys.contains(key) {
                throw ModelError(
                    "\(location).\(key)",
                    "unknown key\(suggestion(key, among: keys)); expected only \(keys.joined(separator: ", "))"
                )
            }
            if let value = object["method"] {
                let names = SamplingMethod.allCases.map(\.rawValue)
                guard case .string(let s) = value, let method = SamplingMethod(rawValue: s) else {
                    throw ModelError(
                        "\(location).method",
                        "\(value.rendered) is not valid; expected one of \(names.joined(separator: ", "))")
                }
                self.method = method
            }
            if let value = object["subjects"] {
                guard case .number(let n) = value, n.value >= 1, n.value <= 1e9, n.value == n.value.rounded() else {
                    throw ModelError(
                        "\(location).subjects", "\(value.rendered) is not valid; expected a whole number ≥ 1")
                }
                subjects = Int(n.value)
            }
            if let value = object["seed"] {
                guard case .number(let n) = value, n.value >= 0, n.value <= 9_007_199_254_740_992,
                    n.value == n.value.rounded()
                else {
                    throw ModelError(
                        "\(location).seed", "\(value.rendered) is not valid; expected a whole number between 0 and 2^53"
                    )
                }
                seed = UInt64(n.value)
            }
        }
    }

    static func text(_ value: JSONValue?, at location: String) throws(ModelError) -> String {
        guard case .string(let s)? = value, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ModelError(location, "\(value?.rendered ?? "missing"); expected a non-empty string")
        }
        return s
    }

    /// Reads `{"value": x, "unit": unit, "source": "…"}`: (x, source).
    static func quantity(_ json: JSONValue?, unit: String, at location: String) throws(ModelError) -> (Double, String) {
        guard let json else {
            throw ModelError(location, "is missing; expected {\"value\": …, \"unit\": \"\(unit)\", \"source\": \"…\"}")
        }
        guard case .object(let entry) = json else {
            throw ModelError(
                location, "is \(json.kindName); expected {\"value\": …, \"unit\": \"\(unit)\", \"source\": \"…\"}")
        }
        for key in entry.keys where !["value", "unit", "source"].contains(key) {
            throw ModelError(
                "\(location).\(key)",
                "unknown key\(suggestion(key, among: ["value", "unit", "source"])); expected only value, unit and source"
            )
        }
        guard case .number(let n)? = entry["value"], n.value.isFinite else {
            throw ModelError("\(location).value", "\(entry["value"]?.rendered ?? "missing"); expected a finite number")
        }
        guard case .string(let given)? = entry["unit"] else {
            throw ModelError(location, "unit is missing; expected \"unit\": \"\(unit)\"")
        }
        guard given == unit else {
            throw ModelError("\(location).unit", "'\(given)' is the wrong unit; expected '\(unit)'")
        }
        let source = try text(entry["source"], at: "\(location).source")
        return (n.value, source)
    }

    static func parseChoices(_ json: JSONValue?, path: String, library: ModelLibrary) throws(ModelError) -> [Choice] {
        guard let json else { return [] }
        guard case .object(let sections) = json else {
            throw ModelError("\(path): choices", "is \(json.kindName); expected an object of sections")
        }
        var result: [Choice] = []
        let sectionNames = Section.allCases.map(\.rawValue)
        for sectionName in sections.keys {
            let location = "\(path): choices.\(sectionName)"
            guard let section = Section(rawValue: sectionName) else {
                throw ModelError(
                    location,
                    "unknown section\(suggestion(sectionName, among: sectionNames)); expected one of \(sectionNames.joined(separator: ", "))"
                )
            }
            guard case .object(let options)? = sections[sectionName], !options.isEmpty else {
                throw ModelError(location, "expected an object mapping preset names to weights")
            }
            let known = library.presetNames(directory: section.directory)
            var presets: [String] = []
            var weights: [Double] = []
            var sources: [String] = []
            for preset in options.keys {
                guard known.contains(preset) else {
                    throw ModelError(
                        "\(location).\(preset)",
                        "unknown \(sectionName) preset\(suggestion(preset, among: known)); expected one of \(known.joined(separator: ", "))"
                    )
                }
                let (weight, source) = try quantity(options[preset], unit: "1", at: "\(location).\(preset)")
                presets.append(preset)
                weights.append(weight)
                sources.append(source)
            }
            guard let choice = WeightedChoice(weights: weights) else {
                throw ModelError(location, WeightedChoice.problem(of: weights) ?? "invalid weights")
            }
            result.append(Choice(section: section, presets: presets, weights: choice, sources: sources))
        }
        return result
    }

    static func parseInputs(_ json: JSONValue?, path: String) throws(ModelError) -> [Input] {
        guard let json else { return [] }
        guard case .object(let entries) = json else {
            throw ModelError("\(path): distributions", "is \(json.kindName); expected an object of dotted keys")
        }
        var result: [Input] = []
        for dotted in entries.keys {
            let location = "\(path): distributions.\(dotted)"
            let parts = dotted.split(separator: ".", maxSplits: 1).map(String.init)
            let sectionNames = Section.allCases.map(\.rawValue)
            guard parts.count == 2, let section = Section(rawValue: parts[0]) else {
                throw ModelError(
                    location,
                    "unknown key path\(suggestion(parts.first ?? "", among: sectionNames)); expected SECTION.PARAMETER with SECTION one of \(sectionNames.joined(separator: ", "))"
                )
            }
            let key = parts[1]
            guard let spec = section.spec(key) else {
                let keys = section.specs.map(\.key)
                throw ModelError(
                    location,
                    "unknown \(section.rawValue) parameter '\(key)'\(suggestion(key, among: keys)); expected one of \(keys.joined(separator: ", "))"
                )
            }
            guard case .number(let bounds) = spec.kind, let unit = spec.unit else {
                throw ModelError(
                    location,
                    "\(dotted) is not a continuous number (it is \(spec.expectation)); expected a numeric parameter (vary presets with choices)"
                )
            }
            guard case .object(let entry)? = entries[dotted] else {
                throw ModelError(location, "expected an object with \"distribution\" and its parameters")
            }
            guard case .string(let name)? = entry["distribution"], let parameters = Distribution.parameters(of: name)
            else {
                throw ModelError(
                    "\(location).distribution",
                    "\(entry["distribution"]?.rendered ?? "missing"); expected one of \(Distribution.allNames.joined(separator: ", "))"
                )
            }
            let allowed = ["distribution"] + parameters.map(\.name)
            for given in entry.keys where !allowed.contains(given) {
                throw ModelError(
                    "\(location).\(given)",
                    "unknown key for a \(name) distribution\(suggestion(given, among: allowed)); expected only \(allowed.joined(separator: ", "))"
                )
            }
            var values: [Double] = []
            var sources: [String] = []
            for parameter in parameters {
                let (value, source) = try quantity(
                    entry[parameter.name], unit: parameter.inKeyUnit ? unit : "1", at: "\(location).\(parameter.name)")
                values.append(value)
                sources.append(source)
            }
            guard let distribution = Distribution(name: name, values: values) else {
                preconditionFailure("parameters(of:) and init(name:values:) disagree on \(name)")
            }
            if let problem = distribution.problem { throw ModelError(location, problem) }
            if let problem = Self.rangeProblem(distribution, bounds: bounds) {
                throw ModelError(location, "\(problem); \(dotted) must be \(spec.expectation)")
            }
            result.append(Input(section: section, key: key, distribution: distribution, sources: sources))
        }
        return result
    }

    /// Why values of `distribution` can leave `bounds`, or nil when its support lies inside them.
    static func rangeProblem(_ distribution: Distribution, bounds: Bounds) -> String? {
        let support = distribution.support
        let lowerOK: Bool
        switch (support.lower, bounds.lower) {
        case (_, nil): lowerOK = true
        case (nil, _?): lowerOK = false
        case (let s?, let b?): lowerOK = s > b || (s == b && (bounds.lowerInclusive || !support.lowerInclusive))
        }
        let upperOK: Bool
        switch (support.upper, bounds.upper) {
        case (_, nil): upperOK = true
        case (nil, _?): upperOK = false
        case (let s?, let b?): upperOK = s < b || (s == b && (bounds.upperInclusive || !support.upperInclusive))
        }
        if lowerOK && upperOK { return nil }
        return
            "a \(distribution.name) distribution takes values \(support.phrase), outside the key's range (use truncated_normal, uniform, triangular or loguniform within it)"
    }

    static func parseCorrelations(_ json: JSONValue?, columns: [String], path: String) throws(ModelError) -> [Double]? {
        guard let json else { return nil }
        guard case .array(let items) = json else {
            throw ModelError(
                "\(path): correlations", "is \(json.kindName); expected a list of {between, rank_correlation}")
        }
        if items.isEmpty { return nil }
        let d = columns.count
        var matrix = [Double](repeating: 0, count: d * d)
        for i in 0..<d { matrix[i * d + i] = 1 }
        for (index, item) in items.enumerated() {
            let location = "\(path): correlations[\(index)]"
            guard case .object(let entry) = item else {
                throw ModelError(
                    location, "is \(item.kindName); expected {\"between\": [A, B], \"rank_correlation\": {…}}")
            }
            for key in entry.keys where !["between", "rank_correlation"].contains(key) {
                throw ModelError(
                    "\(location).\(key)",
                    "unknown key\(suggestion(key, among: ["between", "rank_correlation"])); expected only between and rank_correlation"
                )
            }
            guard case .array(let pair)? = entry["between"], pair.count == 2, case .string(let a) = pair[0],
                case .string(let b) = pair[1]
            else {
                throw ModelError("\(location).between", "expected a list of two input names")
            }
            guard let i = columns.firstIndex(of: a), let j = columns.firstIndex(of: b), i != j else {
                let bad = columns.contains(a) ? b : a
                throw ModelError(
                    "\(location).between",
                    "'\(bad)' is not a varied input\(suggestion(bad, among: columns)) or names one twice; expected two of \(columns.joined(separator: ", "))"
                )
            }
            let (rho, _) = try quantity(entry["rank_correlation"], unit: "1", at: "\(location).rank_correlation")
            guard rho > -1 && rho < 1 else {
                throw ModelError(
                    "\(location).rank_correlation.value",
                    "\(formatNumber(rho)) is not valid; expected a number > -1 and < 1")
            }
            matrix[i * d + j] = rho
            matrix[j * d + i] = rho
        }
        if let problem = RankCorrelation.problem(of: matrix, dimensions: d) {
            throw ModelError("\(path): correlations", problem)
        }
        return matrix
    }
}
