import Foundation
import PDTCore
import PDTNumerics

/// The folder of model files (`Models/`): presets by kind, reference data, and strict loading.
///
/// Model file format, version 1: a JSON object with
/// `format_version` (1), `kind` (a section name or `protocol`), `name`, `description`, an optional
/// `extends` (a preset of the same kind whose parameters this file overrides), and
/// - for a section: `parameters`, an object mapping each key to `{"value", "unit", "source"}`;
/// - for a protocol: one entry per section, either a preset name or an object with an optional
///   `preset` and `parameters`. Sections a protocol leaves out use the `default` preset.
public struct ModelLibrary: SectionLibrary {
    public let root: String

    /// Uses the folder `root`, which must hold `protocols/` and `data/`.
    public init(root: String) throws(ModelError) {
        let protocols = URL(fileURLWithPath: root).appendingPathComponent("protocols").path
        guard POSIXFile.isDirectory(protocols) else {
            throw ModelError(root, "not a pdtsim model folder; expected a directory holding protocols/ and data/")
        }
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    /// Finds the model folder: `explicit` (a --models flag) if given, else `$PDTSIM_MODELS`, else the
    /// nearest `Models/` above the executable, else the `Models/` of the source tree it was built from.
    public static func locate(
        explicit: String?, environment: [String: String], executablePath: String?
    ) throws(ModelError)
        -> ModelLibrary
    {
        if let explicit { return try ModelLibrary(root: explicit) }
        if let fromEnvironment = environment["PDTSIM_MODELS"], !fromEnvironment.isEmpty {
            return try ModelLibrary(root: fromEnvironment)
        }
        var candidates: [URL] = []
        if let executablePath {
            var url = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(url.appendingPathComponent("Models"))
                url.deleteLastPathComponent()
            }
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("../../../Models").standardizedFileURL)
        for candidate in candidates {
            if let library = try? ModelLibrary(root: candidate.path) { return library }
        }
        throw ModelError("Models", "cannot find the model folder; pass --models DIR or set PDTSIM_MODELS")
    }

    /// The reference spectra of `data/`.
    public func referenceData() throws(ModelError) -> ReferenceData {
        try ReferenceData(directory: URL(fileURLWithPath: root).appendingPathComponent("data").path)
    }

    /// The path of preset `name` in `directory`.
    public func presetPath(directory: String, name: String) -> String {
        URL(fileURLWithPath: root).appendingPathComponent(directory).appendingPathComponent("\(name).json").path
    }

    /// The preset names in `directory`, sorted.
    public func presetNames(directory: String) -> [String] {
        let folder = URL(fileURLWithPath: root).appendingPathComponent(directory).path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The folder of evidence studies: one subfolder per published study, each with a README.md.
    public static let evidenceFolder = "evidence"

    /// Every model file of `kinds` with its description: (folder, name, description), folder by
    /// folder in the order of `kinds`, then the evidence studies (each subfolder of `evidence/` with
    /// its README's first heading; none when the folder is absent).
    /// - Throws: `ModelError` when a file's envelope is wrong or declares another kind than its
    ///   folder's (`validate` checks the rest).
    public func catalogue(
        of kinds: [ModelFileKind]
    ) throws(ModelError)
        -> [(directory: String, name: String, description: String)]
    {
        var rows: [(String, String, String)] = []
        for kind in kinds {
            for name in presetNames(directory: kind.folder) {
                let document = try Self.readDocument(presetPath(directory: kind.folder, name: name), expected: kind)
                rows.append((kind.folder, name, document.description))
            }
        }
        for study in evidenceStudies() {
            rows.append((Self.evidenceFolder, study.name, study.heading))
        }
        return rows
    }

    /// The evidence studies: each subfolder of `evidence/`, sorted, with the first `# ` heading of
    /// its README.md (without a leading "NAME: "), or "(no README.md)".
    public func evidenceStudies() -> [(name: String, heading: String)] {
        let folder = URL(fileURLWithPath: root).appendingPathComponent(Self.evidenceFolder).path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.sorted().filter { POSIXFile.isDirectory("\(folder)/\($0)") }.map { name in
            let readme = try? POSIXFile.readContents(of: "\(folder)/\(name)/README.md")
            let heading = readme.flatMap { data in
                String(decoding: data.prefix(65_536), as: UTF8.self).split(whereSeparator: \.isNewline)
                    .first { $0.hasPrefix("# ") }
            }
            guard let heading else { return (name, "(no README.md heading)") }
            let text = heading.dropFirst(2).trimmingCharacters(in: .whitespaces)
            return (name, text.hasPrefix("\(name): ") ? String(text.dropFirst(name.count + 2)) : text)
        }
    }

    /// True when a section or protocol reference names a file rather than a preset: it holds a
    /// `/` or ends in `.json`.
    public static func isFileReference(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".json")
    }
}
