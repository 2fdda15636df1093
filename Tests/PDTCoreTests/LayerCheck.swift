import Foundation

/// The layering of the package's targets, checked from their text: each target has a rank, and a
/// target may import (and, in Package.swift, depend on) only targets of a lower rank. Modules from
/// outside the package are allowed in a range of ranks: the C library CGSL in PDTNumerics alone
/// (the one doorway to GSL), Hummingbird and its HTTP modules in PDTServe alone, ArgumentParser in
/// the command layer and above. Modules named in
/// neither table (Foundation, Synchronization, …) are not checked.
enum LayerCheck {
    /// The rank of each target under Sources/, lowest first.
    static let ranks: [String: Int] = [
        "PDTNumerics": 0,
        "PDTCore": 1,
        "PDTModelFiles": 2,
        "PDTStudies": 3,
        "PDTServe": 4,
        "PDTCommands": 5,
        "pdtsim": 6,
    ]

    /// The ranks that may import each module from outside the layers.
    static let outside: [String: ClosedRange<Int>] = [
        "CGSL": 0...0,
        "Hummingbird": 4...4,
        "HTTPTypes": 4...4,
        "NIOCore": 4...4,
        "Logging": 4...4,
        "ArgumentParser": 5...6,
    ]

    /// The folders under Sources/ that are not layers (the C module map).
    static let systemLibraries: Set<String> = ["CGSL"]

    /// One import (or declared dependency) that breaks the layering.
    struct Violation: Equatable, CustomStringConvertible {
        /// The file, relative to the package root, and its 1-based line.
        var file: String
        var line: Int
        var importer: String
        var imported: String

        var description: String {
            "\(file):\(line): \(importer) imports \(imported), which it may not (\(LayerCheck.rule(importer, imported)))"
        }
    }

    /// Why `importer` may not use `imported`, in words.
    static func rule(_ importer: String, _ imported: String) -> String {
        if let allowed = outside[imported] {
            let names = ranks.filter { allowed.contains($0.value) }.map(\.key).sorted()
            return "\(imported) is for \(names.joined(separator: ", ")) only"
        }
        guard let from = ranks[importer], let to = ranks[imported] else { return "\(importer) has no rank" }
        return "rank \(from) may import only lower ranks; \(imported) is rank \(to)"
    }

    /// Whether a target of rank `rank` may import `module`.
    static func allows(rank: Int, module: String) -> Bool {
        if let allowed = outside[module] { return allowed.contains(rank) }
        guard let target = ranks[module] else { return true }
        return target < rank
    }

    /// The module each `import` line of `text` names, with its 1-based line: plain, `@testable`,
    /// `@preconcurrency`, `@_exported` and access-level imports, and imports of one declaration
    /// (`import struct M.T`).
    static func imports(in text: String) -> [(line: Int, module: String)] {
        let pattern =
            #/^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(?<module>\w+)/#
        var found: [(Int, String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let match = line.firstMatch(of: pattern) { found.append((index + 1, String(match.module))) }
        }
        return found
    }

    /// The violations among `files` (path relative to the package root, and text) of `target`.
    /// A target without a rank is itself a violation on each file, so a new target must be
    /// placed before it can import anything.
    static func violations(target: String, files: [(path: String, text: String)]) -> [Violation] {
        guard let rank = ranks[target] else {
            return files.map { Violation(file: $0.path, line: 1, importer: target, imported: "(no rank)") }
        }
        return files.flatMap { file in
            imports(in: file.text).filter { !allows(rank: rank, module: $0.module) }.map {
                Violation(file: file.path, line: $0.line, importer: target, imported: $0.module)
            }
        }
    }

    /// The dependencies each target of a Package.swift text declares: the quoted names in its
    /// `dependencies:` list, products (`.product(name: "ArgumentParser", …)`) by their name.
    static func declaredDependencies(manifest: String) -> [(target: String, line: Int, dependencies: [String])] {
        let pattern = #/name:\s*"(?<name>\w+)",\s*dependencies:\s*\[(?<list>[^\]]*)\]/#
        return manifest.matches(of: pattern).map { match in
            let line = manifest[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
            let names = match.list.matches(of: #/"(?<dependency>[\w]+)"/#).map { String($0.dependency) }
            return (String(match.name), line, names)
        }
    }

    /// The violations among the dependencies a Package.swift text declares for ranked targets.
    static func manifestViolations(_ manifest: String, path: String = "Package.swift") -> [Violation] {
        declaredDependencies(manifest: manifest).flatMap { target in
            guard let rank = ranks[target.target] else { return [Violation]() }
            return target.dependencies.filter { !allows(rank: rank, module: $0) }.map {
                Violation(file: path, line: target.line, importer: target.target, imported: $0)
            }
        }
    }

    /// The Swift files of target `target` under `root`/Sources, each with its path relative to
    /// `root`, sorted.
    static func sourceFiles(of target: String, root: URL) throws -> [(path: String, text: String)] {
        let folder = root.appendingPathComponent("Sources").appendingPathComponent(target)
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [(String, String)] = []
        while let item = enumerator.nextObject() as? String {
            guard item.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: folder.appendingPathComponent(item), encoding: .utf8)
            files.append(("Sources/\(target)/\(item)", text))
        }
        return files.sorted { $0.0 < $1.0 }
    }
}
