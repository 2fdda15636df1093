import PDTCore
import PDTNumerics
import PDTStudies

/// Reading answers in tests with pdtsim's own JSON reader.
extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var keys: [String] {
        if case .object(let object) = self { return object.keys }
        return []
    }

    /// A number as a Double, null as NaN (a missing or non-finite CSV field), else nil.
    var number: Double? {
        switch self {
        case .number(let n): n.value
        case .null: .nan
        default: nil
        }
    }
}

/// Equal numbers, NaN equal to NaN (an empty or nan CSV field).
func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}
