import PDTCore
import PDTNumerics

/// A kind of model file, declared once: the `kind` value that names it, the format versions this
/// pdtsim reads, the top-level keys its body may hold, the folder of `Models/` its shipped files
/// live in, and how `pdtsim validate` checks a file of it. Every loader reads its envelope through
/// `ModelLibrary.readDocument(_:expected:)` with its kind; `validate` reads the envelope without
/// one and hands the file to the declared kind's `check`. A new kind is one declaration, added to
/// the registry `ModelFileKind.all` (PDTStudies, the layer that sees every kind).
public struct ModelFileKind: Sendable, CustomStringConvertible {
    /// The value of the file's `kind` key ("cohort").
    public let name: String
    /// The values of `format_version` this pdtsim reads.
    public let formatVersions: [Int]
    /// The top-level keys besides the envelope's `format_version`, `kind`, `name` and
    /// `description` (`extends` among them when a file may extend a preset of its kind).
    public let bodyKeys: [String]
    /// What a file of this kind is called in messages ("cohort file").
    public let noun: String
    /// The folder of `Models/` that holds the shipped files of this kind.
    public let folder: String
    /// Checks the file at a path fully, as far as its command goes before it computes.
    package let check: @Sendable (String, ModelLibrary) throws(ModelError) -> Void

    package init(
        name: String, formatVersions: [Int], bodyKeys: [String], noun: String, folder: String,
        check: @escaping @Sendable (String, ModelLibrary) throws(ModelError) -> Void
    ) {
        self.name = name
        self.formatVersions = formatVersions
        self.bodyKeys = bodyKeys
        self.noun = noun
        self.folder = folder
        self.check = check
    }

    /// The keys every model file opens with.
    public static let envelopeKeys = ["format_version", "kind", "name", "description"]

    /// Every top-level key a file of this kind may hold: the envelope's, then the body's.
    public var allowedKeys: [String] { Self.envelopeKeys + bodyKeys }

    /// Every top-level key of any of `kinds`, each once: what a file that declares no known kind
    /// is checked against, so that a misspelt `kind` is still named with a suggestion.
    static func everyKey(of kinds: [ModelFileKind]) -> [String] {
        kinds.flatMap(\.allowedKeys).reduce(into: []) { keys, key in
            if !keys.contains(key) { keys.append(key) }
        }
    }

    public var description: String { name }

    /// A treatment protocol: one entry per section, a preset name or an inline object.
    public static let protocolFile = ModelFileKind(
        name: "protocol", formatVersions: [ProtocolDefinition.formatVersion],
        bodyKeys: ["extends"] + Section.allCases.map(\.rawValue),
        noun: "model file", folder: "protocols"
    ) { path, library throws(ModelError) in
        let definition = try library.loadProtocolFile(path, chain: [])
        let treatment = try definition.resolve()
        _ = try treatment.sessionModel(data: library.referenceData())
    }

    /// A section preset (`light`, `cream`, …): `parameters`, optionally extending a preset.
    public static func section(_ section: Section) -> ModelFileKind {
        ModelFileKind(
            name: section.rawValue, formatVersions: Array(1...section.formatVersion),
            bodyKeys: ["extends", "parameters"], noun: "model file",
            folder: section.directory
        ) { path, library throws(ModelError) in
            let values = try library.loadSectionFile(path, expected: section, chain: [])
            try values.validate(location: path)
            if section == .light {
                let light = try LightParameters.build(ParameterReader(values, location: path))
                _ = try light.spectrum(library.referenceData(), location: path)
            }
        }
    }

    /// The section a kind names, if it is a section preset.
    public var section: Section? { Section(rawValue: name) }
}

extension ModelFileKind: Equatable {
    public static func == (a: ModelFileKind, b: ModelFileKind) -> Bool { a.name == b.name }
}
