/// A number in its shortest round-trip form, without a trailing ".0" on integral values.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// Text a user gave, as echoed in a message: at most `limit` characters, cut with "…" (a value of
/// megabytes must not come back whole), and with control characters escaped (`escapingControls`),
/// so that a name cannot break the one-line message or drive the terminal.
public func echoed(_ text: some StringProtocol, limit: Int = 60) -> String {
    guard text.count > limit else { return escapingControls(text) }
    return escapingControls(text.prefix(limit)) + "…"
}

/// `text` with every control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) written
/// as an escape: `\n`, `\r`, `\t`, else `\u{1B}`. Everything else is kept as it is.
public func escapingControls(_ text: some StringProtocol) -> String {
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
        return String(text)
    }
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.properties.generalCategory == .control:
            out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
