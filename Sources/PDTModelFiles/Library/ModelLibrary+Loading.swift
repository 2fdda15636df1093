import Foundation
import PDTCore
import PDTNumerics

extension ModelLibrary {
    /// Parses a `parameters` object of `section`. `formatVersion` is the section file's own
    /// (nil in a protocol, whose sections may hold every key): a key introduced by a newer format
    /// is refused there.
    func parseParameters(
        _ json: JSONValue, section: Section, path: String, keyPath: String, baseDirectory: String,
        formatVersion: Int? = nil
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
                    "\(path): \(keyPath).\(echoed(key))",
                    "unknown \(section.rawValue) parameter\(suggestion(key, among: keys)); expected one of \(keys.joined(separator: ", "))"
                )
            }
            if let formatVersion, spec.formatVersion > formatVersion {
                throw ModelError(
                    "\(path): \(keyPath).\(key)",
                    "is a key of \(section.rawValue) format_version \(spec.formatVersion), but the file declares format_version \(formatVersion); expected \"format_version\": \(spec.formatVersion) or only the keys of format_version \(formatVersion)"
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
                "unknown preset '\(echoed(name))'\(suggestion(name, among: known)); expected one of \(known.isEmpty ? "(none in \(root)/\(section.directory))" : known.joined(separator: ", ")), or a section file (a path holding / or ending in .json)"
            )
        }
        let values = try loadSectionFile(path, expected: section, chain: [])
        try values.validate(location: path)
        return values
    }

    /// Loads a section by preset name or by file: a reference holding a `/` or ending in `.json`
    /// is a section file, relative to the folder `base` (the file that names it) or, when `base`
    /// is nil, to the working folder. The file's kind must be `section`.
    public func loadSection(
        _ section: Section, reference: String, relativeTo base: String?
    ) throws(ModelError)
        -> SectionValues
    {
        guard Self.isFileReference(reference) else { return try loadSection(section, preset: reference) }
        let path = Self.resolve(reference, relativeTo: base)
        let values = try loadSectionFile(path, expected: section, chain: [])
        try values.validate(location: path)
        return values
    }

    /// `path` made absolute against `base` (a folder), or against the working folder when nil.
    package static func resolve(_ path: String, relativeTo base: String?) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        guard let base else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    /// Loads a section file (not yet checked for completeness).
    func loadSectionFile(_ path: String, expected: Section, chain: [String]) throws(ModelError) -> SectionValues {
        let document = try Self.readDocument(path, expected: .section(expected))
        guard let section = document.kind.section else {
            throw ModelError("\(path): kind", "\"\(document.kind)\"; expected a section kind")
        }
        var values = SectionValues(section: section, preset: document.name)
        if let base = document.extends {
            let basePath = try extendedFile(
                base, of: path, directory: section.directory, chain: chain, noun: "\(section.rawValue) preset",
                chainExpectation: "a chain of presets ending in a complete one")
            values = try loadSectionFile(basePath, expected: section, chain: chain + [path])
            values.preset = document.name
        }
        values.files.insert(path, at: 0)
        guard let parameters = document.body["parameters"] else {
            throw ModelError(path, "parameters is missing; expected an object of \(section.rawValue) parameters")
        }
        values.overlay(
            try parseParameters(
                parameters, section: section, path: path, keyPath: "parameters", baseDirectory: document.directory,
                formatVersion: document.formatVersion))
        return values
    }

    /// The preset file that `path`'s `"extends": base` names in `directory`, where the chain of files
    /// read so far is `chain`.
    /// - Throws: `ModelError` at `PATH: extends` when `base` leads back into the chain (a cycle) or
    ///   names no preset (`noun` names what it should be, with the presets there).
    func extendedFile(
        _ base: String, of path: String, directory: String, chain: [String], noun: String, chainExpectation: String
    ) throws(ModelError) -> String {
        let basePath = presetPath(directory: directory, name: base)
        guard !chain.contains(basePath) && basePath != path else {
            throw ModelError(
                "\(path): extends", "'\(echoed(base))' extends itself in a cycle; expected \(chainExpectation)")
        }
        guard FileManager.default.fileExists(atPath: basePath) else {
            throw ModelError(
                "\(path): extends",
                "unknown \(noun) '\(echoed(base))'; expected one of \(presetNames(directory: directory).joined(separator: ", "))"
            )
        }
        return basePath
    }

    // MARK: Protocols

    /// Loads a protocol by preset name or file path (anything with a `/` or ending in `.json`).
    public func loadProtocol(_ nameOrPath: String) throws(ModelError) -> ProtocolDefinition {
        if Self.isFileReference(nameOrPath) {
            return try loadProtocolFile(Self.resolve(nameOrPath, relativeTo: nil), chain: [])
        }
        let path = presetPath(directory: "protocols", name: nameOrPath)
        guard FileManager.default.fileExists(atPath: path) else {
            let known = presetNames(directory: "protocols")
            throw ModelError(
                "--protocol",
                "unknown protocol '\(echoed(nameOrPath))'\(suggestion(nameOrPath, among: known)); expected one of \(known.joined(separator: ", ")) or a file path"
            )
        }
        return try loadProtocolFile(path, chain: [])
    }

    func loadProtocolFile(_ path: String, chain: [String]) throws(ModelError) -> ProtocolDefinition {
        let document = try Self.readDocument(path, expected: .protocolFile)
        var definition = ProtocolDefinition(
            name: document.name, description: document.description, origin: path, sections: [:])
        if let base = document.extends {
            let basePath = try extendedFile(
                base, of: path, directory: "protocols", chain: chain, noun: "protocol",
                chainExpectation: "a chain ending in a complete protocol")
            let parent = try loadProtocolFile(basePath, chain: chain + [path])
            definition.sections = parent.sections
            definition.protocolFiles = parent.protocolFiles
        }
        definition.protocolFiles.insert(path, at: 0)
        definition.libraryRoot = root
        for section in Section.allCases {
            guard let entry = document.body[section.rawValue] else { continue }
            switch entry {
            case .string(let reference):
                definition.sections[section] = try loadSectionInProtocol(
                    section, reference: reference, document: document)
            case .object(let inline):
                for key in inline.keys.sorted() where key != "preset" && key != "parameters" {
                    throw ModelError(
                        "\(path): \(section.rawValue).\(echoed(key))",
                        "unknown key\(suggestion(key, among: ["preset", "parameters"])); expected preset and/or parameters"
                    )
                }
                var values = definition.sections[section] ?? SectionValues(section: section)
                if let presetEntry = inline["preset"] {
                    guard case .string(let reference) = presetEntry else {
                        throw ModelError(
                            "\(path): \(section.rawValue).preset",
                            "is \(presetEntry.kindName); expected a preset name or a section file")
                    }
                    values = try loadSectionInProtocol(section, reference: reference, document: document)
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
                    "is \(entry.kindName); expected a preset name, a section file or an object with preset and/or parameters"
                )
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
            for section in Section.allCases { definition.sections[section]?.fillDefaults() }
            try definition.validate()
        }
        return definition
    }

    /// A section a protocol file names: a preset, or a section file relative to the protocol file.
    func loadSectionInProtocol(
        _ section: Section, reference: String, document: Document
    ) throws(ModelError)
        -> SectionValues
    {
        do {
            return try loadSection(section, reference: reference, relativeTo: document.directory)
        } catch let error where error.location == section.rawValue {
            throw ModelError("\(document.path): \(section.rawValue)", error.problem)
        }
    }

    /// Validates any model file of one of `kinds` on its own: reads its envelope, then checks it as
    /// its kind declares (`ModelFileKind.check`). A protocol is checked as far as `simulate` goes
    /// before it integrates; a section for completeness (a light's spectrum is built); a study file
    /// as its command reads it.
    /// - Returns: a one-line description ("light blue-417").
    public func validateFile(_ path: String, among kinds: [ModelFileKind]) throws(ModelError) -> String {
        let document = try Self.readDocument(path, among: kinds)
        try document.kind.check(path, self)
        return "\(document.kind.name) \(document.name)"
    }
}
