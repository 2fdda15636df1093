import PDTCore
import PDTNumerics

/// A decision variable: a numeric protocol key and where it may lie.
public struct DecisionVariable: Sendable, Equatable {
    public var section: Section
    /// A number or whole-number parameter of `section`.
    public var parameter: String
    public var domain: SearchDomain

    /// `section.parameter`.
    public var key: String { "\(section.rawValue).\(parameter)" }
}

/// Whether the objective is to be made small or large.
public enum OptimizationSense: String, Sendable, CaseIterable {
    case minimize, maximize
}

/// The quantity to optimise.
public struct OptimizationObjective: Sendable, Equatable {
    public var sense: OptimizationSense
    public var quantity: Quantity

    /// `minimize:QUANTITY`, `maximize:QUANTITY`, or a bare `QUANTITY` (minimised), as `--pareto`
    /// takes it.
    /// - Throws: `ModelError` at `location` when the quantity is not one (`Quantity.parse`).
    public static func parse(_ text: String, location: String) throws(ModelError) -> OptimizationObjective {
        var sense = OptimizationSense.minimize
        var quantity = text
        for s in OptimizationSense.allCases where text.hasPrefix(s.rawValue + ":") {
            sense = s
            quantity = String(text.dropFirst(s.rawValue.count + 1))
        }
        return OptimizationObjective(sense: sense, quantity: try Quantity.parse(quantity, location: location))
    }
}

/// lower ≤ quantity ≤ upper.
public struct OptimizationConstraint: Sendable, Equatable {
    public var quantity: Quantity
    public var bound: ConstraintBound

    /// "min_pore_reduction_percent_day_365_729 ≥ 30".
    public var phrase: String {
        switch (bound.lower, bound.upper) {
        case (let l?, let u?): "\(formatNumber(l)) ≤ \(quantity.label) ≤ \(formatNumber(u))"
        case (let l?, nil): "\(quantity.label) ≥ \(formatNumber(l))"
        case (nil, let u?): "\(quantity.label) ≤ \(formatNumber(u))"
        case (nil, nil): quantity.label
        }
    }
}

/// An optimisation model file, read: the base protocol with its fixed overrides, the decision
/// variables, the objective, the constraints and the method settings.
public struct OptimizationProblem: Sendable {
    public var name: String
    public var description: String
    /// The file it was read from.
    public var origin: String
    /// The protocol with the fixed `set` overrides applied.
    public var base: ProtocolDefinition
    /// The fixed overrides, as written.
    public var fixed: [String]
    public var variables: [DecisionVariable]
    public var objective: OptimizationObjective
    public var constraints: [OptimizationConstraint]
    public var method: SearchSettings

    /// The typed overrides of a point x (one value per variable).
    public func overrides(_ x: [Double]) -> [Override] {
        zip(variables, x).map { Override(section: $0.section, key: $0.parameter, number: $1) }
    }

    /// The `--set` assignments of a point x, for messages and reports.
    public func assignments(_ x: [Double]) -> [String] { overrides(x).map(\.assignment) }
}
