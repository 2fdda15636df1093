import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// `POSIXFile.forEachLine` gives exactly the lines of `split(separator: "\n")`, whatever the
/// chunk boundaries, with and without a final newline.
@Suite struct LineReaderTests {
    static func lines(of text: String) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var lines: [String] = []
        try POSIXFile.forEachLine(of: path) { lines.append($0) }
        return lines
    }

    @Test func linesAcrossChunksAndWithoutAFinalNewline() throws {
        let long = String(repeating: "µ,0.125,", count: 20_000)  // 200 kB: crosses several 64 kB chunks
        let text = "header\n" + long + "\nshort\n\nlast"
        #expect(try Self.lines(of: text) == ["header", long, "short", "", "last"])
        #expect(try Self.lines(of: text + "\n") == ["header", long, "short", "", "last"])
        #expect(try Self.lines(of: "").isEmpty)
    }

    @Test func aMissingFileThrowsItsReason() {
        #expect(throws: SystemError.self) { try POSIXFile.forEachLine(of: "/nonexistent/pdtsim/file") { _ in } }
    }
}
