import Foundation

extension ModelLibrary {
    /// A model file's envelope and body.
    struct Document {
        var path: String
        var kind: ModelFileKind
        /// The file's `format_version`, one its kind reads.
        var formatVersion: Int
        var name: String
        var description: String
        var extends: String?
        var body: JSONObject
        var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
    }

    /// Reads the file at `path` and checks its envelope (see `document(_:path:expected:)`).
    static func readDocument(_ path: String, expected: ModelFileKind?) throws(ModelError) -> Document {
        try document(parseFile(path, expected: expected), path: path, expected: expected)
    }

    /// The JSON of the file at `path`, read as a file of kind `expected` (nil: any model file).
    static func parseFile(_ path: String, expected: ModelFileKind?) throws(ModelError) -> JSONValue {
        let noun = expected?.noun ?? "model file"
        let data = try POSIXFile.readInput(path, what: "the \(noun)", expected: "a pdtsim model file (.json)")
        return try JSONValue.parse(data, path: path)
    }

    /// Checks the envelope every model file shares, in this order: `kind` when a loader expects
    /// one (`expected`), the top-level keys of the kind the file declares, or of any kind when it
    /// declares none (a misspelt one is named with a suggestion), `format_version` (one the kind reads), `kind` (any kind of
    /// `ModelFileKind.all`), then a non-empty `name` and `description` and, where the kind allows
    /// it, a non-empty `extends`.
    /// - Throws: `ModelError` naming the file and the key, the value and what was expected.
    static func document(_ json: JSONValue, path: String, expected: ModelFileKind?) throws(ModelError) -> Document {
        let noun = expected?.noun ?? "model file"
        guard case .object(let object) = json else {
            throw ModelError(path, "the top level is not an object; expected a pdtsim \(noun)")
        }
        let declared: ModelFileKind? =
            if case .string(let name)? = object["kind"] { ModelFileKind.named(name) } else { nil }
        func wrongKind(expected wanted: String) -> ModelError {
            ModelError("\(path): kind", "\(object["kind"]?.rendered ?? "missing"); expected \(wanted)")
        }
        if let expected, declared != expected { throw wrongKind(expected: "\"\(expected.name)\"") }
        let allowed = declared?.allowedKeys ?? ModelFileKind.everyKey
        for key in object.keys.sorted() where !allowed.contains(key) {
            let expectation =
                declared == nil
                ? ModelFileKind.envelopeKeys.joined(separator: ", ") + " and the keys of one kind"
                : allowed.joined(separator: ", ")
            throw ModelError(
                "\(path): \(echoed(key))", "unknown key\(suggestion(key, among: allowed)); expected only \(expectation)"
            )
        }
        let versions = declared?.formatVersions ?? [ModelLibrary.formatVersion]
        let readable = versions.map(String.init).joined(separator: " or ")
        guard case .number(let version)? = object["format_version"] else {
            throw ModelError(
                "\(path): format_version",
                "\(object["format_version"]?.rendered ?? "missing"); expected \"format_version\": \(readable)")
        }
        guard versions.contains(where: { Double($0) == version.value }) else {
            throw ModelError(
                "\(path): format_version",
                "\(echoed(version.text)) is not supported; this pdtsim reads format_version \(readable)")
        }
        guard let kind = declared else {
            throw wrongKind(expected: "one of \(ModelFileKind.all.map(\.name).joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) throws(ModelError) -> String? {
            switch object[key] {
            case .string(let s)? where !s.trimmingCharacters(in: .whitespaces).isEmpty: return s
            case nil where !required: return nil
            case let other:
                throw ModelError("\(path): \(key)", "\(other?.rendered ?? "missing"); expected a non-empty string")
            }
        }
        return Document(
            path: path, kind: kind, formatVersion: Int(version.value), name: try string("name", required: true)!,
            description: try string("description", required: true)!,
            extends: try string("extends", required: false), body: object)
    }
}
