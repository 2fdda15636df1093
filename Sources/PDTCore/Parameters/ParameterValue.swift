import Foundation
import PDTNumerics

/// A parameter's value.
public enum ParameterValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case flag(Bool)
    case list([Double])

    public var rendered: String {
        switch self {
        case .number(let n): formatNumber(n)
        case .text(let s): s
        case .flag(let b): String(b)
        case .list(let l): l.map(formatNumber).joined(separator: ",")
        }
    }

    package var json: JSONOutput {
        switch self {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? .integer(Int(n)) : .number(n)
        case .text(let s): .string(s)
        case .flag(let b): .bool(b)
        case .list(let l): .array(l.map { n in Int(exactly: n).map { .integer($0) } ?? .number(n) })
        }
    }
}

/// A parameter as set: value, unit, provenance, and where it was set (file or `--set`).
public struct Parameter: Sendable, Hashable {
    public var value: ParameterValue
    public var unit: String?
    public var source: String
    /// The model file (or "--set") the value came from, for messages.
    public var origin: String

    public init(value: ParameterValue, unit: String?, source: String, origin: String) {
        self.value = value
        self.unit = unit
        self.source = source
        self.origin = origin
    }
}
