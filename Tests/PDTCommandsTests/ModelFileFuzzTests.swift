import Foundation
import Testing

@testable import PDTCommands
@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// A fuzz campaign over the shipped model files: numeric values replaced by extremes, each mutant
/// validated. Validation must end in success or in one `ModelError` of one short line, never a
/// crash (a crash would end the test process).
@Suite("model-file fuzzing: extremes give exit 0 or 3 with one short line")
struct ModelFileFuzzTests {
    /// The extremes a number is replaced with (`NaN` is not JSON: a syntax error).
    static let extremes = ["0", "-1", "5e-324", "1e308", "1e19", "NaN", "1e400", "-1e308"]

    /// One mutant: a shipped file with its `occurrence`-th `"value": NUMBER` replaced by `extreme`.
    struct Mutation: CustomStringConvertible {
        var file: String
        var occurrence: Int
        var extreme: String
        var description: String { "\(file) value #\(occurrence) = \(extreme)" }
    }

    /// The ranges of the numbers written as `"value": NUMBER` in `text`.
    static func numberRanges(_ text: String) throws -> [Range<String.Index>] {
        let pattern = try NSRegularExpression(pattern: #""value": (-?[0-9][0-9.eE+-]*)"#)
        let whole = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: whole).compactMap { Range($0.range(at: 1), in: text) }
    }

    /// A fixed, seeded pseudo-random choice of mutations (SplitMix64), `count` of them, plus every
    /// extreme on the first number of every file.
    static func mutations(count: Int, seed: UInt64) throws -> [(Mutation, String)] {
        var random = SplitMix64(state: seed)
        var files: [(String, String, [Range<String.Index>])] = []
        for file in Repository.modelFiles() {
            let text = try String(contentsOf: Repository.models.appendingPathComponent(file), encoding: .utf8)
            let ranges = try numberRanges(text)
            if !ranges.isEmpty { files.append((file, text, ranges)) }
        }
        func mutant(_ f: Int, _ occurrence: Int, _ extreme: String) -> (Mutation, String) {
            let (file, text, ranges) = files[f]
            var copy = text
            copy.replaceSubrange(ranges[occurrence], with: extreme)
            return (Mutation(file: file, occurrence: occurrence, extreme: extreme), copy)
        }
        var result: [(Mutation, String)] = []
        for f in files.indices { for extreme in extremes { result.append(mutant(f, 0, extreme)) } }
        for _ in 0..<count {
            let f = Int(random.next() % UInt64(files.count))
            let occurrence = Int(random.next() % UInt64(files[f].2.count))
            result.append(mutant(f, occurrence, extremes[Int(random.next() % UInt64(extremes.count))]))
        }
        return result
    }

    @Test(
        "200 seeded mutants and every extreme on each file's first number through validate: success or one ModelError line under 1000 characters"
    )
    func mutantsValidate() throws {
        let library = try ModelLibrary(root: Repository.models.path)
        try withTemporaryDirectory { directory in
            var refused = 0
            for (mutation, text) in try Self.mutations(count: 200, seed: 20_261_130) {
                let name = mutation.file.replacingOccurrences(of: "/", with: "-")
                let file = try writeText(text, named: name, in: directory)
                do throws(ModelError) {
                    _ = try library.validateFile(file.path)
                } catch {
                    refused += 1
                    let message = error.description
                    #expect(message.count < 1000, "\(mutation): \(message.count) characters")
                    #expect(!message.contains("\n"), "\(mutation): \(message)")
                    #expect(message.contains(file.path), "\(mutation) names the file: \(message)")
                }
            }
            #expect(refused > 80, "most extremes are refused")
        }
    }

    @Test("a sample of mutants through the pdtsim process: exit 0 or 3, one line, never a crash")
    func mutantsThroughTheCLI() throws {
        try withTemporaryDirectory { directory in
            let sample = try Self.mutations(count: 6, seed: 7).suffix(6)
            for (mutation, text) in sample {
                let file = try writeText(text, named: "mutant.json", in: directory)
                let result = try runPDTSim(["validate", file.path], in: directory)
                #expect([0, 3].contains(result.status), "\(mutation): \(result.status) \(result.stderr)")
                if result.status == 3 {
                    expectOneErrorLine(result)
                    #expect(result.stderr.count < 1000, "\(mutation)")
                }
            }
        }
    }
}
