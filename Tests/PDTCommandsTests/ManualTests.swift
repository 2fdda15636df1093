import ArgumentParser
import Foundation
import PDTStudies
import Testing

@testable import PDTCommands

/// The README is the front door and the DocC catalog the manual: every link between them and
/// within the catalog resolves, every command has its article, and the README's examples parse.
@Suite("Manual: README front door and DocC catalog")
struct ManualTests {
    /// A Markdown file's lines outside fenced code blocks.
    static func prose(_ text: String) -> [String] {
        var fenced = false
        return text.components(separatedBy: "\n").filter { line in
            if line.hasPrefix("```") {
                fenced.toggle()
                return false
            }
            return !fenced
        }
    }

    /// Every `](TARGET)` of a Markdown text's prose, `<doc:…>` targets unwrapped.
    static func linkTargets(_ text: String) -> [String] {
        prose(text).flatMap { line -> [String] in
            line.components(separatedBy: "](").dropFirst().compactMap { rest in
                var target = rest.prefix { $0 != ")" }
                if target.hasPrefix("<") && target.hasSuffix(">") { target = target.dropFirst().dropLast() }
                return target.isEmpty ? nil : String(target)
            }
        }
    }

    /// Every `<doc:NAME#ANCHOR>` and `](doc:NAME#ANCHOR)` of a text's prose, as `NAME#ANCHOR`.
    static func docLinks(_ text: String) -> [String] {
        prose(text).flatMap { line in
            line.components(separatedBy: "doc:").dropFirst().map { rest in
                String(rest.prefix { $0 != ">" && $0 != ")" })
            }
        }
    }

    /// The article files of the catalog, without `.md`, sorted.
    static func articles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Repository.manual.path)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// A heading as an anchor compares: letters and digits only, lowercased (DocC writes
    /// `## Output folders: reruns and locks` as `#Output-folders-reruns-and-locks`).
    static func anchorKey(_ text: some StringProtocol) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The anchor keys of an article's headings.
    static func headings(_ text: String) -> Set<String> {
        Set(prose(text).filter { $0.hasPrefix("#") }.map { anchorKey($0.drop { $0 == "#" }) })
    }

    /// True for links that leave the repository or stay on the page.
    static func external(_ target: String) -> Bool {
        target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("#")
            || target.hasPrefix("doc:") || target.hasPrefix("mailto:")
    }

    @Test("every file the README links to exists, and it links to every article of the catalog")
    func readmeLinks() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let targets = Self.linkTargets(readme).filter { !Self.external($0) }
        #expect(!targets.isEmpty)
        for target in targets {
            let path = String(target.prefix { $0 != "#" })
            #expect(
                FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent(path).path),
                "README.md links to \(target), which does not exist")
        }
        let catalog = "Sources/PDTCommands/PDTCommands.docc/"
        for article in try Self.articles() where article != "PDTCommands" {
            #expect(
                targets.contains { $0.hasPrefix(catalog + article + ".md") },
                "README.md does not point to \(article).md")
        }
    }

    @Test("every <doc:…> link of the catalog names an article, and its anchor a heading of that article")
    func docLinksResolve() throws {
        let articles = try Self.articles()
        var texts: [String: String] = [:]
        for article in articles { texts[article] = try Repository.article(article) }
        var count = 0
        for (article, text) in texts {
            for link in Self.docLinks(text) {
                count += 1
                let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
                guard let target = texts[parts[0]] else {
                    Issue.record("\(article).md links to doc:\(link): no article \(parts[0]).md")
                    continue
                }
                if parts.count == 2 {
                    #expect(
                        Self.headings(target).contains(Self.anchorKey(parts[1])),
                        "\(article).md links to doc:\(link): \(parts[0]).md has no such heading")
                }
            }
        }
        #expect(count > 30, "the catalog's articles link to each other")
    }

    @Test("every relative link and image of the catalog's articles names an existing file")
    func articleFilesExist() throws {
        for article in try Self.articles() {
            let text = try Repository.article(article)
            for target in Self.linkTargets(text) where !Self.external(target) {
                let path = String(target.prefix { $0 != "#" })
                let image = Repository.manual.appendingPathComponent("Resources").appendingPathComponent(path)
                let file = Repository.manual.appendingPathComponent(path)
                #expect(
                    FileManager.default.fileExists(atPath: image.path)
                        || FileManager.default.fileExists(atPath: file.path),
                    "\(article).md links to \(target), which does not exist")
            }
        }
    }

    @Test("the landing page lists every article, and every command has its article titled `pdtsim NAME`")
    func everyArticleListed() throws {
        let landing = try Repository.article("PDTCommands")
        let listed = Set(Self.docLinks(landing))
        for article in try Self.articles() where article != "PDTCommands" {
            #expect(listed.contains(article), "PDTCommands.md's topics lack <doc:\(article)>")
        }
        for command in PDTSim.configuration.subcommands {
            let name = command._commandName
            let article = name.prefix(1).uppercased() + name.dropFirst()
            let text = try Repository.article(article)
            #expect(text.hasPrefix("# pdtsim \(name)\n"), "\(article).md starts with its title")
        }
    }

    /// The command lines of the README's example block (after its `command examples` marker),
    /// without the comment lines, split into arguments.
    static func readmeExamples() throws -> [[String]] {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- command examples"), "README.md has no command examples marker")
        let block = try #require(
            readme[marker.upperBound...].components(separatedBy: "```").dropFirst().first, "no example block")
        return block.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") }.map { line in
            line.split(separator: " ").map(String.init)
        }
    }

    @Test("the README shows one example of every command, and each parses as written")
    func readmeExamplesParse() throws {
        let examples = try Self.readmeExamples()
        var shown: [String] = []
        for example in examples {
            #expect(example.first == "pdtsim", "\(example)")
            do {
                let command = try PDTSim.parseAsRoot(Array(example.dropFirst()))
                shown.append(type(of: command)._commandName)
            } catch {
                Issue.record("README example does not parse: \(example.joined(separator: " ")): \(error)")
            }
        }
        #expect(
            shown.sorted() == PDTSim.configuration.subcommands.map { $0._commandName }.sorted(),
            "one example per command: \(shown)")
    }
}
