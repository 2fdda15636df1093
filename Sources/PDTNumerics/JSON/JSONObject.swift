/// A JSON object: its members, and their keys in the order written. Two objects are equal when
/// they hold the same members, whatever their order.
public struct JSONObject: Sendable, Equatable {
    /// The keys in the order written.
    public private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    public init() {}

    /// The member `key`, if present.
    public subscript(key: String) -> JSONValue? { members[key] }

    /// The members in the order written.
    public var pairs: [(String, JSONValue)] { keys.map { ($0, members[$0]!) } }

    public var isEmpty: Bool { keys.isEmpty }

    /// Adds a member; precondition: `key` is new (the parser rejects duplicates first).
    package mutating func append(_ key: String, _ value: JSONValue) {
        precondition(members.updateValue(value, forKey: key) == nil, "duplicate JSON key \(key)")
        keys.append(key)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.members == rhs.members }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the members in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { append(key, value) }
    }
}
