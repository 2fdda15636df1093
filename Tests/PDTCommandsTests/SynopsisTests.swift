import ArgumentParser
import Foundation
import PDTCore
import PDTNumerics
import PDTStudies
import Testing

@testable import PDTCommands

/// The manual's command synopsis (the Commands article) matches `--help`: every command is listed, with exactly the
/// flags its parser accepts.
@Suite("Manual synopsis matches --help")
struct SynopsisTests {
    /// `--flag` words of a text, without `--help` and `--version`.
    static func flags(_ text: some StringProtocol) -> Set<String> {
        var found: Set<String> = []
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "-" {
                word.append(character)
            } else {
                if word.hasPrefix("--") && word.count > 2 { found.insert(word) }
                word = ""
            }
        }
        return found.subtracting(["--help", "--version"])
    }

    /// The synopsis block (the first code block of the Commands article).
    static func synopsisBlock() throws -> String {
        let article = try Repository.article("Commands")
        return try #require(article.components(separatedBy: "```").dropFirst().first, "Commands.md has no code block")
    }

    /// The synopsis block as command → flags.
    static func synopsis() throws -> [String: Set<String>] {
        let block = try synopsisBlock()
        var synopsis: [String: Set<String>] = [:]
        var current: String?
        for line in block.split(separator: "\n") {
            if line.hasPrefix("pdtsim ") {
                let name = line.split(separator: " ")[1]
                current = name.hasPrefix("--") ? nil : String(name)
                if let current { synopsis[current, default: []].formUnion(flags(line.dropFirst(7 + name.count))) }
            } else if let current {
                synopsis[current, default: []].formUnion(flags(line))
            }
        }
        return synopsis
    }

    /// The long flags an `--help` text lists under OPTIONS (each option line starts with `-`; its
    /// name part ends at the first run of two spaces).
    static func optionFlags(_ help: String) -> Set<String> {
        guard let options = help.components(separatedBy: "\nOPTIONS:\n").dropFirst().first else { return [] }
        var found: Set<String> = []
        for line in options.split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("-") else { continue }
            found.formUnion(flags(trimmed.components(separatedBy: "  ")[0]))
        }
        return found.subtracting(["--help", "--version"])
    }

    @Test("every command is in the manual's synopsis with exactly the flags its --help lists")
    func synopsisMatchesHelp() throws {
        let synopsis = try Self.synopsis()
        let commands = PDTSim.configuration.subcommands
        #expect(Set(synopsis.keys) == Set(commands.map { $0._commandName }), "the synopsis lists every command")
        for command in commands {
            let help = PDTSim.helpMessage(for: command, columns: 10_000)
            let name = command._commandName
            #expect(!Self.optionFlags(help).isEmpty, "\(name) --help lists its options")
            #expect(synopsis[name] == Self.optionFlags(help), "synopsis of \(name) vs its --help")
        }
    }

    @Test("the synopsis shows what `pdtsim --version` prints: this build's version and GSL's")
    func versionLine() throws {
        let block = try Self.synopsisBlock()
        let line = try #require(block.split(separator: "\n").first { $0.hasPrefix("pdtsim --version") })
        let shown = try #require(line.components(separatedBy: "# ").dropFirst().first)
        let printed = try withTemporaryDirectory { try runPDTSim(["--version"], in: $0) }
        #expect(printed.status == 0)
        #expect(shown == printed.stdout.trimmingCharacters(in: .newlines), "Commands.md: \(shown)")
        #expect(shown == "pdtsim \(SimulationReport.pdtsimVersion) (GSL \(GSL.version))")
    }
}
