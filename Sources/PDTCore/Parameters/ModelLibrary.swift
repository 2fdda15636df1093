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

    /// Every preset with its description: (folder, name, description).
    public func catalogue() throws(ModelError) -> [(directory: String, name: String, description: String)] {
        var rows: [(String, String, String)] = []
        for directory in ["protocols"] + Section.allCases.map(\.directory) {
            for name in presetNames(directory: directory) {
                let document = try readDocument(presetPath(directory: directory, name: name))
                rows.append((directory, name, document.description))
            }
        }
        return rows
    }

    // MARK: Documents

    struct Document {
        var path: String
        var kind: String
        var name: String
        var description: String
        var extends: String?
        var body: JSONObject
        var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
    }

    static let kinds = ["protocol"] + Section.allCases.map(\.rawValue)

    /// Reads a file and checks the envelope every model file shares.
    func readDocument(_ path: String) throws(ModelError) -> Document {
        let data: Data
        do {
            data = try POSIXFile.readContents(of: path)
        } catch {
            throw ModelError(path, "cannot read the model file (\(error)); expected a pdtsim model file (.json)")
        }
        guard case .object(let object) = try JSONValue.parse(data, path: path) else {
            throw ModelError(path, "the top level is not an object; expected a pdtsim model file")
        }
        guard case .number(let version)? = object["format_version"] else {
            throw ModelError(
                path, "format_version is missing or not a number; expected \"format_version\": \(Self.formatVersion)")
        }
        guard version.value == Double(Self.formatVersion) else {
            throw ModelError(
                "\(path): format_version",
                "\(version.text) is not supported; this pdtsim reads format_version \(Self.formatVersion)")
        }
        guard case .string(let kind)? = object["kind"], Self.kinds.contains(kind) else {
            throw ModelError(
                "\(path): kind",
                "\(object["kind"]?.rendered ?? "missing"); expected one of \(Self.kinds.joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) throws(ModelError) -> String? {
            switch object[key] {
            case .string(let s)? where !s.isEmpty: return s
            case nil where !required: return nil
            case let other:
                throw ModelError("\(path): \(key)", "\(other?.rendered ?? "missing"); expected a non-empty string")
            }
        }
        let name = try string("name", required: true)!
        let description = try string("description", required: true)!
        let extends = try string("extends", required: false)
        let allowed =
            ["format_version", "kind", "name", "description", "extends"]
            + (kind == "protocol" ? Section.allCases.map(\.rawValue) : ["parameters"])
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw ModelError(
                "\(path): \(key)",
                "unknown key\(Self.suggestion(key, among: allowed)); expected only \(allowed.joined(separator: ", "))")
        }
        return Document(path: path, kind: kind, name: name, description: description, extends: extends, body: object)
    }

    /// " (did you mean 'x'?)" for the closest candidate within two edits, or "".
    static func suggestion(_ key: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, editDistance(key, $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 4) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// Parses a `parameters` object of `section`.
    func parseParameters(
        _ json: JSONValue, section: Section, path: String, keyPath: String, baseDirectory: String
    ) throws(ModelError)
        -> [String: Parameter]
    {
        guard case .object(let entries) = json else {
            throw ModelError("\(path): \(keyPath)", "is \(json.kindName); expected an object of parameters")
        }
        var result: [String: Parameter] = [:]
        let keys = section.specs.map(\.key)
        for key in entries.keys.sorted() {
            guard let spec = section.spec(key) else {
                throw ModelError(
                    "\(path): \(keyPath).\(key)",
                    "unknown \(section.rawValue) parameter\(Self.suggestion(key, among: keys)); expected one of \(keys.joined(separator: ", "))"
                )
            }
            result[key] = try spec.parse(
                entries[key]!, location: "\(path): \(keyPath).\(key)", origin: path, baseDirectory: baseDirectory)
        }
        try SectionValues.checkExclusive(result, section: section, location: "\(path): \(keyPath)")
        return result
    }

    // MARK: Sections

    /// Loads preset `name` of `section` (following `extends`), complete and validated.
    public func loadSection(_ section: Section, preset name: String) throws(ModelError) -> SectionValues {
        let path = presetPath(directory: section.directory, name: name)
        guard FileManager.default.fileExists(atPath: path) else {
            let known = presetNames(directory: section.directory)
            throw ModelError(
                section.rawValue,
                "unknown preset '\(name)'\(Self.suggestion(name, among: known)); expected one of \(known.isEmpty ? "(none in \(root)/\(section.directory))" : known.joined(separator: ", "))"
            )
        }
        let values = try loadSectionFile(path, expected: section, chain: [])
        try values.validate(location: path)
        return values
    }

    /// Loads a section file (not yet checked for completeness).
    func loadSectionFile(_ path: String, expected: Section?, chain: [String]) throws(ModelError) -> SectionValues {
        let document = try readDocument(path)
        guard let section = Section(rawValue: document.kind), expected == nil || expected == section else {
            throw ModelError("\(path): kind", "'\(document.kind)'; expected \(expected?.rawValue ?? "a section kind")")
        }
        var values = SectionValues(section: section, preset: document.name)
        if let base = document.extends {
            let basePath = presetPath(directory: section.directory, name: base)
            guard !chain.contains(basePath) && basePath != path else {
                throw ModelError(
                    "\(path): extends",
                    "'\(base)' extends itself in a cycle; expected a chain of presets ending in a complete one")
            }
            guard FileManager.default.fileExists(atPath: basePath) else {
                throw ModelError(
                    "\(path): extends",
                    "unknown \(section.rawValue) preset '\(base)'; expected one of \(presetNames(directory: section.directory).joined(separator: ", "))"
                )
            }
            values = try loadSectionFile(basePath, expected: section, chain: chain + [path])
            values.preset = document.name
        }
        guard let parameters = document.body["parameters"] else {
            throw ModelError(path, "parameters is missing; expected an object of \(section.rawValue) parameters")
        }
        values.overlay(
            try parseParameters(
                parameters, section: section, path: path, keyPath: "parameters", baseDirectory: document.directory))
        return values
    }

    // MARK: Protocols

    /// Loads a protocol by preset name or file path (anything with a `/` or ending in `.json`).
    public func loadProtocol(_ nameOrPath: String) throws(ModelError) -> ProtocolDefinition {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return try loadProtocolFile(nameOrPath, chain: [])
        }
        let path = presetPath(directory: "protocols", name: nameOrPath)
        guard FileManager.default.fileExists(atPath: path) else {
            let known = presetNames(directory: "protocols")
            throw ModelError(
                "--protocol",
                "unknown protocol '\(nameOrPath)'\(Self.suggestion(nameOrPath, among: known)); expected one of \(known.joined(separator: ", ")) or a file path"
            )
        }
        return try loadProtocolFile(path, chain: [])
    }

    func loadProtocolFile(_ path: String, chain: [String]) throws(ModelError) -> ProtocolDefinition {
        let document = try readDocument(path)
        guard document.kind == "protocol" else {
            throw ModelError("\(path): kind", "'\(document.kind)'; expected 'protocol'")
        }
        var definition = ProtocolDefinition(
            name: document.name, description: document.description, origin: path, sections: [:])
        if let base = document.extends {
            let basePath = presetPath(directory: "protocols", name: base)
            guard !chain.contains(basePath) && basePath != path else {
                throw ModelError(
                    "\(path): extends",
                    "'\(base)' extends itself in a cycle; expected a chain ending in a complete protocol")
            }
            guard FileManager.default.fileExists(atPath: basePath) else {
                throw ModelError(
                    "\(path): extends",
                    "unknown protocol '\(base)'; expected one of \(presetNames(directory: "protocols").joined(separator: ", "))"
                )
            }
            definition.sections = try loadProtocolFile(basePath, chain: chain + [path]).sections
        }
        for section in Section.allCases {
            guard let entry = document.body[section.rawValue] else { continue }
            switch entry {
            case .string(let preset):
                definition.sections[section] = try loadSectionInProtocol(section, preset: preset, path: path)
            case .object(let inline):
                for key in inline.keys.sorted() where key != "preset" && key != "parameters" {
                    throw ModelError(
                        "\(path): \(section.rawValue).\(key)",
                        "unknown key\(Self.suggestion(key, among: ["preset", "parameters"])); expected preset and/or parameters"
                    )
                }
                var values = definition.sections[section] ?? SectionValues(section: section)
                if let presetEntry = inline["preset"] {
                    guard case .string(let preset) = presetEntry else {
                        throw ModelError(
                            "\(path): \(section.rawValue).preset", "is \(presetEntry.kindName); expected a preset name")
                    }
                    values = try loadSectionInProtocol(section, preset: preset, path: path)
                }
                if let parameters = inline["parameters"] {
                    values.overlay(
                        try parseParameters(
                            parameters, section: section, path: path, keyPath: "\(section.rawValue).parameters",
                            baseDirectory: document.directory))
                }
                definition.sections[section] = values
            default:
                throw ModelError(
                    "\(path): \(section.rawValue)",
                    "is \(entry.kindName); expected a preset name or an object with preset and/or parameters")
            }
        }
        if chain.isEmpty {
            for section in Section.allCases where definition.sections[section] == nil {
                guard FileManager.default.fileExists(atPath: presetPath(directory: section.directory, name: "default"))
                else {
                    throw ModelError(
                        path,
                        "\(section.rawValue) is missing and there is no default preset; expected a preset name or an inline section"
                    )
                }
                definition.sections[section] = try loadSection(section, preset: "default")
            }
            try definition.validate()
        }
        return definition
    }

    func loadSectionInProtocol(_ section: Section, preset: String, path: String) throws(ModelError) -> SectionValues {
        do {
            return try loadSection(section, preset: preset)
        } catch let error where error.location == section.rawValue {
            throw ModelError("\(path): \(section.rawValue)", error.problem)
        }
    }

    /// Validates any model file on its own. A protocol is checked as far as `simulate` goes before
    /// it integrates: resolved, and its session model built (which reads the reference data and a
    /// tabulated light's table). A section is checked for completeness; a light's spectrum is built.
    /// A cohort file (`kind: "cohort"`) is read by `CohortDefinition.load`.
    /// - Returns: a one-line description ("light blue-417").
    public func validateFile(_ path: String) throws(ModelError) -> String {
        if isCohortFile(path) { return "cohort \(try CohortDefinition.load(path, library: self).name)" }
        let document = try readDocument(path)
        if document.kind == "protocol" {
            let definition = try loadProtocolFile(path, chain: [])
            let treatment = try definition.resolve(library: self)
            _ = try treatment.sessionModel(data: referenceData())
        } else {
            let values = try loadSectionFile(path, expected: nil, chain: [])
            try values.validate(location: path)
            if values.section == .light {
                _ = try values.lightSource().spectrum(referenceData(), location: path)
            }
        }
        return "\(document.kind) \(document.name)"
    }
}
