import ArgumentParser
import Foundation
import PDTCore
import Testing

@testable import PDTCommands

/// The README's command synopsis matches `--help`: every command is listed, with exactly the
/// flags its parser accepts.
@Suite("README synopsis matches --help")
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

    /// The README's synopsis block (the first code block under `## Commands`) as command → flags.
    static func readmeSynopsis() throws -> [String: Set<String>] {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Commands\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
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

    @Test("every command is in the README synopsis with exactly the flags its --help lists")
    func synopsisMatchesHelp() throws {
        let synopsis = try Self.readmeSynopsis()
        let commands = PDTSim.configuration.subcommands
        #expect(Set(synopsis.keys) == Set(commands.map { $0._commandName }), "the README lists every command")
        for command in commands {
            let help = PDTSim.helpMessage(for: command, columns: 10_000)
            let name = command._commandName
            #expect(!Self.optionFlags(help).isEmpty, "\(name) --help lists its options")
            #expect(synopsis[name] == Self.optionFlags(help), "README synopsis of \(name) vs its --help")
        }
    }

    @Test("the synopsis shows what `pdtsim --version` prints: this build's version and GSL's")
    func versionLine() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Commands\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
        let line = try #require(block.split(separator: "\n").first { $0.hasPrefix("pdtsim --version") })
        let shown = try #require(line.components(separatedBy: "# ").dropFirst().first)
        let printed = try withTemporaryDirectory { try runPDTSim(["--version"], in: $0) }
        #expect(printed.status == 0)
        #expect(shown == printed.stdout.trimmingCharacters(in: .newlines), "README: \(shown)")
        #expect(shown == "pdtsim \(SimulationReport.pdtsimVersion) (GSL \(GSL.version))")
    }
}
