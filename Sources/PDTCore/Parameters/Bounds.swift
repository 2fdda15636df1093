import PDTNumerics

/// An interval a number must lie in, for validation and for messages ("a number > 0").
public struct Bounds: Sendable, Equatable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public static let any = Bounds(lower: nil, lowerInclusive: true, upper: nil, upperInclusive: true)
    public static let positive = Bounds(lower: 0, lowerInclusive: false, upper: nil, upperInclusive: true)
    public static let nonNegative = Bounds(lower: 0, lowerInclusive: true, upper: nil, upperInclusive: true)
    public static let unit = Bounds(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: true)

    public static func closed(_ low: Double, _ high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: true, upper: high, upperInclusive: true)
    }

    public static func halfOpen(above low: Double, atMost high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: false, upper: high, upperInclusive: true)
    }

    public static func open(_ low: Double, _ high: Double) -> Bounds {
        Bounds(lower: low, lowerInclusive: false, upper: high, upperInclusive: false)
    }

    /// True when both ends are finite numbers: every parameter's range is (a test checks it).
    public var isFinite: Bool { (lower?.isFinite ?? false) && (upper?.isFinite ?? false) }

    public func contains(_ x: Double) -> Bool {
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// "> 0", "between 0 and 1", "≥ 1 and < 2" …
    public var phrase: String {
        switch (lower, upper) {
        case (nil, nil): return "finite"
        case (let l?, nil): return (lowerInclusive ? "≥ " : "> ") + formatNumber(l)
        case (nil, let u?): return (upperInclusive ? "≤ " : "< ") + formatNumber(u)
        case (let l?, let u?):
            if lowerInclusive && upperInclusive { return "between \(formatNumber(l)) and \(formatNumber(u))" }
            return (lowerInclusive ? "≥ " : "> ") + formatNumber(l) + " and " + (upperInclusive ? "≤ " : "< ")
                + formatNumber(u)
        }
    }
}
