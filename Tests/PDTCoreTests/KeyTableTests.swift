import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTStudies

/// The manual's key table (the ProtocolKeys article) is generated from the section declarations
/// and the reference protocol, and checked here, so it cannot go stale.
@Suite("Manual key table")
struct KeyTableTests {
    /// The article that holds the table.
    static let article = Fixture.repository.appendingPathComponent(
        "Sources/PDTCommands/PDTCommands.docc/ProtocolKeys.md")

    /// The comment line the table follows in the article.
    static let marker = "<!-- key table:"

    /// A table cell: `|` escaped, so that a source or meaning cannot split the row.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    /// The table of every key, built from the section declarations: unit, range, the value and
    /// source the reference protocol `allumera-blue` (what `pdtsim simulate` runs by default)
    /// resolves it to (a declared default included), and what it means.
    static func table() throws -> String {
        let reference = try Fixture.library.loadProtocol("allumera-blue")
        var lines = [
            "| key | unit | range | default (allumera-blue) | source | meaning (why this range) |",
            "|---|---|---|---|---|---|",
        ]
        for section in Section.allCases {
            for spec in section.specs {
                let unit = spec.unit ?? ""
                let range: String
                switch spec.kind {
                case .number(let b), .integer(let b), .integerList(let b): range = b.phrase
                case .choice(let options): range = options.joined(separator: ", ")
                case .flag: range = "true, false"
                case .path: range = "a file path"
                }
                let held = reference.sections[section]?.values[spec.key]
                let value = held.map { "`\($0.value.rendered)`" } ?? "(none)"
                let source = held.map(\.source) ?? ""
                let why = spec.rangeReason.isEmpty ? "" : " (\(spec.rangeReason))"
                lines.append(
                    "| `\(section.rawValue).\(spec.key)` | \(unit) | \(range) | \(value) | \(cell(source)) | "
                        + "\(cell(spec.meaning + why)) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The table as the article holds it: the lines after the marker line up to the first blank
    /// line.
    static func articleTable(_ text: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(marker) }, "ProtocolKeys.md has no key table marker")
        return lines[(start + 1)...].prefix { !$0.isEmpty }.joined(separator: "\n")
    }

    /// `PDTSIM_REGENERATE_KEY_TABLE=1` rewrites the article's table; that run always fails, so a
    /// run with the variable left set can never pass.
    @Test("the ProtocolKeys article lists every declared key with its unit, range, default, source and meaning")
    func articleMatchesDeclarations() throws {
        let text = try String(contentsOf: Self.article, encoding: .utf8)
        let table = try Self.table()
        let held = try Self.articleTable(text)
        if ProcessInfo.processInfo.environment["PDTSIM_REGENERATE_KEY_TABLE"] == "1" {
            try text.replacingOccurrences(of: held, with: table).write(
                to: Self.article, atomically: true, encoding: .utf8)
            Issue.record("rewrote the key table of \(Self.article.path); run again without PDTSIM_REGENERATE_KEY_TABLE")
            return
        }
        #expect(held == table, "ProtocolKeys.md's key table differs from the declarations; expected:\n\(table)")
    }

    @Test("the table has one row per declared key, and the reference protocol gives most of them a source")
    func oneRowPerKey() throws {
        let rows = try Self.table().split(separator: "\n").dropFirst(2)
        #expect(rows.count == Section.allCases.reduce(0) { $0 + $1.specs.count })
        #expect(rows.filter { $0.contains("(none)") }.count < rows.count / 4)
    }
}
