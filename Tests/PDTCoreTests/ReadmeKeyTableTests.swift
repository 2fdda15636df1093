import Foundation
import Testing

@testable import PDTCore

@Suite("README key table")
struct ReadmeKeyTableTests {
    /// The table of every key, built from the section declarations.
    static var table: String {
        var lines = ["| key | unit | range | meaning (why this range) |", "|---|---|---|---|"]
        for section in Section.allCases {
            for spec in section.specs {
                let unit = spec.unit.map { $0 == "1" ? "1" : $0 } ?? ""
                let range: String
                switch spec.kind {
                case .number(let b), .integer(let b), .integerList(let b): range = b.phrase
                case .choice(let options): range = options.joined(separator: ", ")
                case .flag: range = "true, false"
                case .path: range = "a file path"
                }
                let why = spec.rangeReason.isEmpty ? "" : " (\(spec.rangeReason))"
                lines.append("| `\(section.rawValue).\(spec.key)` | \(unit) | \(range) | \(spec.meaning)\(why) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test("README's key table lists every declared key with its unit, range and meaning")
    func readmeMatchesDeclarations() throws {
        let readme = try String(contentsOf: Fixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(Self.table + "\n"), "README.md lacks the key table; expected:\n\(Self.table)")
    }
}
