import Foundation

/// The one line pdtsim prints for a failure: `pdtsim: error: …`, whatever raised it. The command
/// line prints it to standard error; `pdtsim serve` returns it as the `error` of a JSON answer.
public enum ErrorLine {
    /// The longest line printed, in characters; longer messages keep their head and tail.
    public static let maximumLength = 1000

    /// `pdtsim: error: MESSAGE` with the parser's own "Error: " prefix removed, line breaks folded
    /// into "; ", any other control character escaped (`escapingControls`: user text that reached
    /// the message unescaped), and the middle of an over-long message replaced by " … ".
    public static func render(_ message: String) -> String {
        var text = message
        for prefix in ["pdtsim: error: ", "Error: ", "error: "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        text =
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        text = escapingControls(text)
        var line = "pdtsim: error: " + text
        if line.count > maximumLength {
            let keep = (maximumLength - 3) / 2
            line = String(line.prefix(keep)) + " … " + String(line.suffix(maximumLength - 3 - keep))
        }
        return line
    }
}

extension String {
    /// The string as a user wrote it, for messages: `echoed` with at most `limit` characters.
    public func truncatedForMessage(_ limit: Int = 80) -> String { echoed(self, limit: limit) }
}
