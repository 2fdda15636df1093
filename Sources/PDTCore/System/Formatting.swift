/// A number in its shortest round-trip form, without a trailing ".0" on integral values.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// Text a user gave, as echoed in a message: at most `limit` characters, cut with "…" (a value of
/// megabytes must not come back whole).
public func echoed(_ text: some StringProtocol, limit: Int = 60) -> String {
    guard text.count > limit else { return String(text) }
    return String(text.prefix(limit)) + "…"
}
