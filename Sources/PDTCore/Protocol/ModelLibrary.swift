import Foundation

/// The folder of model files (`Models/`): presets by kind, reference data, and strict loading.
///
/// Model file format, version 1: a JSON object with
/// `format_version` (1), `kind` (a section name or `protocol`), `name`, `description`, an optional
/// `extends` (a preset of the same kind whose parameters this file overrides), and
/// - for a section: `parameters`, an object mapping each key to `{"value", "unit", "source"}`;
/// - for a protocol: one entry per section, either a preset name or an object with an optional
///   `preset` and `parameters`. Sections a protocol leaves out use the `default` preset.
public struct ModelLibrary: Sendable {
    public static let formatVersion = 1
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

    /// The folders of the study model files, with the `kind` each file there declares: cohorts
    /// (`pdtsim cohort`, `sensitivity`), calibrations (`calibrate`), optimisations (`optimize`) and
    /// media (`transport`).
    public static let studyFolders = [
        ("cohorts", "cohort"), ("calibrations", "calibration"), ("optimizations", "optimization"),
        ("media", MediumFile.kind),
    ]

    /// The folder of evidence studies: one subfolder per published study, each with a README.md.
    public static let evidenceFolder = "evidence"

    /// Every model file with its description: (folder, name, description), folder by folder: the
    /// protocols, the section presets, the study files of `studyFolders`, and the evidence studies
    /// (each subfolder of `evidence/` with its README's first heading; none when the folder is
    /// absent).
    /// - Throws: `ModelError` when a preset or study file cannot be read, has another kind or no
    ///   description.
    public func catalogue() throws(ModelError) -> [(directory: String, name: String, description: String)] {
        var rows: [(String, String, String)] = []
        for directory in ["protocols"] + Section.allCases.map(\.directory) {
            for name in presetNames(directory: directory) {
                let document = try readDocument(presetPath(directory: directory, name: name))
                rows.append((directory, name, document.description))
            }
        }
        for (directory, kind) in Self.studyFolders {
            for name in presetNames(directory: directory) {
                rows.append(
                    (directory, name, try studyDescription(presetPath(directory: directory, name: name), kind: kind)))
            }
        }
        for study in evidenceStudies() {
            rows.append((Self.evidenceFolder, study.name, study.heading))
        }
        return rows
    }

    /// The `description` of a study file (cohort, calibration, optimisation, medium) of `kind`,
    /// read from its envelope only (`validate` checks the rest).
    func studyDescription(_ path: String, kind: String) throws(ModelError) -> String {
        let data: Data
        do {
            data = try POSIXFile.readContents(of: path)
        } catch {
            throw ModelError(path, "cannot read the model file (\(error)); expected a pdtsim model file (.json)")
        }
        guard case .object(let object) = try JSONValue.parse(data, path: path) else {
            throw ModelError(path, "the top level is not an object; expected a pdtsim model file")
        }
        guard object["kind"] == .string(kind) else {
            throw ModelError("\(path): kind", "\(object["kind"]?.rendered ?? "missing"); expected \"\(kind)\"")
        }
        guard case .string(let description)? = object["description"], !description.isEmpty else {
            throw ModelError("\(path): description", "missing or empty; expected a one-line description")
        }
        return description
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
