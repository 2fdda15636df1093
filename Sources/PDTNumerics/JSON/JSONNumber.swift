/// A JSON number: its value, and its text as written so that messages can quote it. A number
/// beyond Double's range has the value ±infinity (`1e400`), which the parameter checks report as
/// not finite. Numbers compare by value.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    public var value: Double
    /// The number as written (`formatNumber(value)` when built in code).
    public var text: String

    public init(_ value: Double, text: String? = nil) {
        self.value = value
        self.text = text ?? formatNumber(value)
    }

    public init(integerLiteral value: Int) { self.init(Double(value)) }

    public init(floatLiteral value: Double) { self.init(value) }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.value == rhs.value }

    public var description: String { text }
}
