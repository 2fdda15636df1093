import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// Reads optimisation model files (`kind: "optimization"`, format version 1), strictly: every key
/// is known (a misspelt one is an error with a suggestion), every value is checked, and a decision
/// variable's bounds must lie in its protocol key's own range.
///
/// ```json
/// { "format_version": 1, "kind": "optimization", "name": "…", "description": "…",
///   "protocol": "allumera-blue", "set": ["schedule.horizon_days=730"],
///   "variables": [{"key": "schedule.maintenance_interval_days", "lower": 14, "upper": 365, "step": 1},
///                 {"key": "light.center_nm", "choices": [417, 540, 635]}],
///   "objective": {"minimize": "sessions_per_year"},
///   "constraints": [{"quantity": {"timeline": "pore_reduction_percent", "aggregate": "min",
///                                 "from_day": 365, "to_day": 729}, "lower": 30}],
///   "method": {"samples": 16, "starts": 3, "seed": 1, "size_tolerance": 0.001,
///              "max_evaluations": 400, "enumeration_limit": 64, "penalty": 1000} }
/// ```
/// `protocol` is a preset name or a file path relative to the optimisation file. A quantity is a
/// name (`Quantity.names`, `reduction_on_day_N_percent`), `{"timeline", "aggregate", "from_day",
/// "to_day"}`, `{"session", "aggregate"}` or `{"input": "section.key"}`.
extension ModelFileKind {
    /// An optimisation of a protocol's keys under constraints (`pdtsim optimize`).
    public static let optimization = ModelFileKind(
        name: "optimization", formatVersions: [1],
        bodyKeys: ["protocol", "set", "variables", "objective", "constraints", "method"], noun: "optimisation file",
        folder: "optimizations"
    ) { path, library throws(ModelError) in _ = try OptimizationFile.load(path, library: library) }
}

public enum OptimizationFile {
    /// Reads and checks `path`; the base protocol is loaded from `library`.
    public static func load(_ path: String, library: ModelLibrary) throws(ModelError) -> OptimizationProblem {
        let document = try ModelLibrary.readDocument(path, expected: .optimization)
        let top = document.body
        let name = document.name
        let description = document.description
        let reader = Reader(path: path)
        let protocolName = try reader.string(top["protocol"], at: "protocol")
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let protocolReference =
            protocolName.contains("/") || protocolName.hasSuffix(".json")
            ? (protocolName.hasPrefix("/") ? protocolName : directory.appendingPathComponent(protocolName).path)
            : protocolName
        var base: ProtocolDefinition
        do {
            base = try library.loadProtocol(protocolReference)
        } catch let error where error.location == "--protocol" {
            throw ModelError("\(path): protocol", error.problem)
        }
        var fixed: [String] = []
        if let set = top["set"] {
            guard case .array(let items) = set else {
                throw reader.error("set", "is \(set.kindName); expected a list of \"KEY=VALUE\" strings")
            }
            for (i, item) in items.enumerated() {
                fixed.append(try reader.string(item, at: "set[\(i)]"))
            }
            do {
                try base.apply(fixed, library: library)
            } catch {
                throw ModelError("\(path): set", error.description)
            }
        }
        guard case .array(let variableItems)? = top["variables"], !variableItems.isEmpty else {
            throw reader.error(
                "variables",
                "\(top["variables"]?.rendered ?? "missing"); expected a non-empty list of decision variables")
        }
        var variables: [DecisionVariable] = []
        for (i, item) in variableItems.enumerated() {
            let variable = try reader.variable(item, at: "variables[\(i)]")
            guard !variables.contains(where: { $0.key == variable.key }) else {
                throw reader.error("variables[\(i)].key", "'\(variable.key)' is listed twice; expected each key once")
            }
            variables.append(variable)
        }
        guard case .object(let objectiveObject)? = top["objective"] else {
            throw reader.error(
                "objective",
                "\(top["objective"]?.rendered ?? "missing"); expected {\"minimize\": QUANTITY} or {\"maximize\": QUANTITY}"
            )
        }
        try reader.keys(objectiveObject, allowed: ["minimize", "maximize"], at: "objective")
        guard objectiveObject.keys.count == 1, let sense = OptimizationSense(rawValue: objectiveObject.keys[0]) else {
            throw reader.error("objective", "expected exactly one of minimize, maximize")
        }
        let objective = OptimizationObjective(
            sense: sense,
            quantity: try reader.quantity(objectiveObject[sense.rawValue]!, at: "objective.\(sense.rawValue)"))
        var constraints: [OptimizationConstraint] = []
        if let list = top["constraints"] {
            guard case .array(let items) = list else {
                throw reader.error("constraints", "is \(list.kindName); expected a list")
            }
            for (i, item) in items.enumerated() {
                let at = "constraints[\(i)]"
                guard case .object(let c) = item else {
                    throw reader.error(at, "is \(item.kindName); expected an object")
                }
                try reader.keys(c, allowed: ["quantity", "lower", "upper"], at: at)
                guard let q = c["quantity"] else {
                    throw reader.error("\(at).quantity", "missing; expected a quantity")
                }
                let lower = try c["lower"].map { v throws(ModelError) in try reader.number(v, at: "\(at).lower") }
                let upper = try c["upper"].map { v throws(ModelError) in try reader.number(v, at: "\(at).upper") }
                guard lower != nil || upper != nil else {
                    throw reader.error(at, "no bound; expected lower and/or upper")
                }
                if let lower, let upper, lower > upper {
                    throw reader.error(
                        at, "lower \(formatNumber(lower)) > upper \(formatNumber(upper)); expected lower ≤ upper")
                }
                constraints.append(
                    OptimizationConstraint(
                        quantity: try reader.quantity(q, at: "\(at).quantity"),
                        bound: ConstraintBound(lower: lower, upper: upper)))
            }
        }
        var method = SearchSettings()
        if let m = top["method"] {
            guard case .object(let o) = m else { throw reader.error("method", "is \(m.kindName); expected an object") }
            try reader.keys(
                o,
                allowed: [
                    "samples", "starts", "seed", "size_tolerance", "max_evaluations", "enumeration_limit", "penalty",
                    "initial_step",
                ], at: "method")
            func integer(_ key: String, minimum: Int) throws(ModelError) -> Int? {
                guard let v = o[key] else { return nil }
                let x = try reader.number(v, at: "method.\(key)")
                guard x == x.rounded(), x >= Double(minimum), x <= 1e9 else {
                    throw reader.error("method.\(key)", "\(v.rendered); expected a whole number ≥ \(minimum)")
                }
                return Int(x)
            }
            func positive(_ key: String) throws(ModelError) -> Double? {
                guard let v = o[key] else { return nil }
                let x = try reader.number(v, at: "method.\(key)")
                guard x > 0 else { throw reader.error("method.\(key)", "\(v.rendered); expected a number > 0") }
                return x
            }
            if let v = try integer("samples", minimum: 1) { method.samples = v }
            if let v = try integer("starts", minimum: 1) { method.starts = v }
            if let v = try integer("seed", minimum: 0) { method.seed = UInt(v) }
            if let v = try integer("max_evaluations", minimum: 1) { method.maxEvaluations = v }
            if let v = try integer("enumeration_limit", minimum: 1) { method.enumerationLimit = v }
            if let v = try positive("size_tolerance") { method.sizeTolerance = v }
            if let v = try positive("penalty") { method.penalty = v }
            if let v = try positive("initial_step") { method.initialStep = v }
        }
        let problem = OptimizationProblem(
            name: name, description: description, origin: path, base: base, fixed: fixed, variables: variables,
            objective: objective, constraints: constraints, method: method)
        let search = ConstrainedSearch(domains: variables.map(\.domain), bounds: [], settings: method)
        if let reason = search.unsupportedReason { throw reader.error("variables", reason) }
        // Every variable at its lowest value must make a valid protocol (keys and units are right).
        var probe = base
        let lowest = variables.map { v -> Double in
            switch v.domain {
            case .interval(let lower, _): lower
            case .values(let values): values[0]
            }
        }
        do {
            try probe.apply(problem.overrides(lowest), sections: library)
        } catch {
            throw ModelError("\(path): variables", "at their lowest values the protocol is invalid: \(error)")
        }
        try problem.checkWithinHorizon(objective.quantity, at: "\(path): objective.\(sense.rawValue)")
        for (i, constraint) in constraints.enumerated() {
            try problem.checkWithinHorizon(constraint.quantity, at: "\(path): constraints[\(i)].quantity")
        }
        return problem
    }

    /// Checks and reads values, naming `path: keyPath` in every message.
    struct Reader {
        let path: String

        func error(_ at: String, _ problem: String) -> ModelError { ModelError("\(path): \(at)", problem) }

        func keys(_ object: JSONObject, allowed: [String], at: String) throws(ModelError) {
            for key in object.keys where !allowed.contains(key) {
                throw error(
                    at.isEmpty ? key : "\(at).\(key)",
                    "unknown key\(suggestion(key, among: allowed)); expected only \(allowed.joined(separator: ", "))"
                )
            }
        }

        func string(_ value: JSONValue?, at: String) throws(ModelError) -> String {
            guard case .string(let s)? = value, !s.isEmpty else {
                throw error(at, "\(value?.rendered ?? "missing"); expected a non-empty string")
            }
            return s
        }

        func number(_ value: JSONValue, at: String) throws(ModelError) -> Double {
            guard case .number(let n) = value, n.value.isFinite else {
                throw error(at, "\(value.rendered); expected a finite number")
            }
            return n.value
        }

        func quantity(_ value: JSONValue, at: String) throws(ModelError) -> Quantity {
            let location = "\(path): \(at)"
            switch value {
            case .string(let name):
                return try Quantity.checked(.named(name), location)
            case .object(let o):
                if let column = o["timeline"] {
                    try keys(o, allowed: ["timeline", "aggregate", "from_day", "to_day"], at: at)
                    let aggregate = try self.aggregate(o["aggregate"], at: "\(at).aggregate", allowSum: false)
                    let from = try day(o["from_day"], at: "\(at).from_day")
                    let to = try day(o["to_day"], at: "\(at).to_day")
                    return try Quantity.checked(
                        .timeline(
                            column: try string(column, at: "\(at).timeline"), aggregate: aggregate, fromDay: from,
                            toDay: to),
                        location)
                }
                if let column = o["session"] {
                    try keys(o, allowed: ["session", "aggregate"], at: at)
                    let aggregate = try self.aggregate(o["aggregate"], at: "\(at).aggregate", allowSum: true)
                    return try Quantity.checked(
                        .session(column: try string(column, at: "\(at).session"), aggregate: aggregate), location)
                }
                if let key = o["input"] {
                    try keys(o, allowed: ["input"], at: at)
                    return try Quantity.checked(.input(try string(key, at: "\(at).input")), location)
                }
                throw error(at, "an object without timeline, session or input; expected a quantity")
            default:
                throw error(
                    at, "is \(value.kindName); expected a quantity name or an object with timeline, session or input")
            }
        }

        func aggregate(_ value: JSONValue?, at: String, allowSum: Bool) throws(ModelError) -> Quantity.Aggregate {
            let allowed = Quantity.Aggregate.allCases.filter { allowSum || $0 != .sum }.map(\.rawValue)
            guard case .string(let s)? = value, let a = Quantity.Aggregate(rawValue: s), allowed.contains(s) else {
                throw error(at, "\(value?.rendered ?? "missing"); expected one of \(allowed.joined(separator: ", "))")
            }
            return a
        }

        func day(_ value: JSONValue?, at: String) throws(ModelError) -> Int {
            guard case .number(let n)? = value, n.value == n.value.rounded(), n.value >= 0, n.value <= 100_000 else {
                throw error(at, "\(value?.rendered ?? "missing"); expected a whole number of days ≥ 0")
            }
            return Int(n.value)
        }

        func variable(_ value: JSONValue, at: String) throws(ModelError) -> DecisionVariable {
            guard case .object(let o) = value else { throw error(at, "is \(value.kindName); expected an object") }
            try keys(o, allowed: ["key", "lower", "upper", "step", "choices"], at: at)
            let key = try string(o["key"], at: "\(at).key")
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let sections = Section.allCases.map(\.rawValue)
            guard parts.count == 2, let section = Section(rawValue: parts[0]) else {
                throw error(
                    "\(at).key",
                    "'\(key)'\(suggestion(parts[0], among: sections)); expected SECTION.KEY with SECTION one of \(sections.joined(separator: ", "))"
                )
            }
            guard let spec = section.spec(parts[1]) else {
                let known = section.specs.map(\.key)
                throw error(
                    "\(at).key",
                    "unknown \(section.rawValue) parameter '\(parts[1])'\(suggestion(parts[1], among: known)); expected one of \(known.joined(separator: ", "))"
                )
            }
            let bounds: Bounds
            let integer: Bool
            switch spec.kind {
            case .number(let b): (bounds, integer) = (b, false)
            case .integer(let b): (bounds, integer) = (b, true)
            default: throw error("\(at).key", "'\(key)' is not numeric; expected a number or whole-number key")
            }
            func inRange(_ x: Double, _ what: String) throws(ModelError) {
                guard bounds.contains(x) else {
                    throw error(
                        "\(at).\(what)", "\(formatNumber(x)) is outside \(key)'s range; expected \(spec.expectation)")
                }
                if integer && x != x.rounded() {
                    throw error("\(at).\(what)", "\(formatNumber(x)); expected a whole number for \(key)")
                }
            }
            if let choices = o["choices"] {
                guard o["lower"] == nil, o["upper"] == nil, o["step"] == nil else {
                    throw error(at, "choices with lower, upper or step; expected either choices or lower and upper")
                }
                guard case .array(let items) = choices, !items.isEmpty else {
                    throw error("\(at).choices", "\(choices.rendered); expected a non-empty list of numbers")
                }
                var values: [Double] = []
                for (i, item) in items.enumerated() {
                    let x = try number(item, at: "\(at).choices[\(i)]")
                    try inRange(x, "choices[\(i)]")
                    guard !values.contains(x) else {
                        throw error("\(at).choices[\(i)]", "\(formatNumber(x)) is listed twice")
                    }
                    values.append(x)
                }
                return DecisionVariable(section: section, parameter: spec.key, domain: .values(values))
            }
            guard let lowerValue = o["lower"], let upperValue = o["upper"] else {
                throw error(at, "lower or upper is missing; expected both (or a choices list)")
            }
            let lower = try number(lowerValue, at: "\(at).lower")
            let upper = try number(upperValue, at: "\(at).upper")
            try inRange(lower, "lower")
            try inRange(upper, "upper")
            guard lower < upper else {
                throw error(at, "lower \(formatNumber(lower)) ≥ upper \(formatNumber(upper)); expected lower < upper")
            }
            func lattice(step: Double, at place: String) throws(ModelError) -> DecisionVariable {
                let count = SearchDomain.latticeCount(lower: lower, upper: upper, step: step)
                guard count <= Double(SearchDomain.maximumValues) else {
                    throw error(
                        place,
                        "step \(formatNumber(step)) from \(formatNumber(lower)) to \(formatNumber(upper)) gives \(formatNumber(count)) values; expected at most \(SearchDomain.maximumValues) (a larger step, a narrower range, or no step for a continuous variable)"
                    )
                }
                return DecisionVariable(
                    section: section, parameter: spec.key, domain: .lattice(lower: lower, upper: upper, step: step))
            }
            if let stepValue = o["step"] {
                let step = try number(stepValue, at: "\(at).step")
                guard step > 0, !integer || step == step.rounded() else {
                    throw error(
                        "\(at).step",
                        "\(stepValue.rendered); expected \(integer ? "a whole number ≥ 1" : "a number > 0")")
                }
                return try lattice(step: step, at: "\(at).step")
            }
            return integer
                ? try lattice(step: 1, at: at)
                : DecisionVariable(section: section, parameter: spec.key, domain: .interval(lower: lower, upper: upper))
        }
    }
}
