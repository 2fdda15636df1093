/// The line splitter of every text table pdtsim reads (measurement and spectrum CSV files).
public enum TextLines {
    /// The lines of `text`, without their line ends, split at each LF, CRLF or lone CR (Unix,
    /// Windows and classic Mac OS files alike); line k of the file is element k − 1. A line end at
    /// the very end leaves an empty last element, as `split(omittingEmptySubsequences: false)` does.
    public static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index = bytes.index(after: index)
                continue
            }
            lines.append(text[start..<index])
            index = bytes.index(after: index)
            if byte == UInt8(ascii: "\r"), index != bytes.endIndex, bytes[index] == UInt8(ascii: "\n") {
                index = bytes.index(after: index)
            }
            start = index
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }
}
