import Foundation
import PDTCore
import PDTNumerics

extension ModelLibrary {
    /// A model file's envelope and body.
    package struct Document {
        package var path: String
        package var kind: ModelFileKind
        /// The file's `format_version`, one its kind reads.
        package var formatVersion: Int
        package var name: String
        package var description: String
        var extends: String?
        package var body: JSONObject
        package var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
    }

    /// Reads the file at `path` and checks its envelope as a file of kind `expected` (see
    /// `document(_:path:expected:kinds:)`).
    package static func readDocument(_ path: String, expected: ModelFileKind) throws(ModelError) -> Document {
        try document(parseFile(path, expected: expected), path: path, expected: expected)
    }

    /// Reads the file at `path` and checks its envelope as a file of any of `kinds`, the one it
    /// declares (see `document(_:path:expected:kinds:)`).
    package static func readDocument(_ path: String, among kinds: [ModelFileKind]) throws(ModelError) -> Document {
        try document(parseFile(path, expected: nil), path: path, expected: nil, kinds: kinds)
    }

    /// Checks the envelope of `json` (read from `path`) as a file of kind `expected`.
    package static func document(
        _ json: JSONValue, path: String, expected: ModelFileKind
    ) throws(ModelError)
        -> Document
    {
        try document(json, path: path, expected: expected, kinds: [expected])
    }

    /// The JSON of the file at `path`, read as a file of kind `expected` (nil: any model file).
    package static func parseFile(_ path: String, expected: ModelFileKind?) throws(ModelError) -> JSONValue {
        let noun = expected?.noun ?? "model file"
        let data = try POSIXFile.readInput(path, what: "the \(noun)", expected: "a pdtsim model file (.json)")
        return try JSONValue.parse(data, path: path)
    }

    /// Checks the envelope every model file shares, in this order: `kind` when a loader expects
    /// one (`expected`), the top-level keys of the kind the file declares, or of any of `kinds` when
    /// it declares none of them (a misspelt one is named with a suggestion), `format_version` (one
    /// the kind reads), `kind` (one of `kinds`), then a non-empty `name` and `description` and,
    /// where the kind allows it, a non-empty `extends`. A file that declares a kind other than
    /// `expected` fails on `kind` whether or not `kinds` holds it, so a loader passes `[expected]`.
    /// - Throws: `ModelError` naming the file and the key, the value and what was expected.
    static func document(
        _ json: JSONValue, path: String, expected: ModelFileKind?, kinds: [ModelFileKind]
    ) throws(ModelError) -> Document {
        let noun = expected?.noun ?? "model file"
        guard case .object(let object) = json else {
            throw ModelError(path, "the top level is not an object; expected a pdtsim \(noun)")
        }
        let declared: ModelFileKind? =
            if case .string(let name)? = object["kind"] { kinds.first { $0.name == name } } else { nil }
        func wrongKind(expected wanted: String) -> ModelError {
            ModelError("\(path): kind", "\(object["kind"]?.rendered ?? "missing"); expected \(wanted)")
        }
        if let expected, declared != expected { throw wrongKind(expected: "\"\(expected.name)\"") }
        let allowed = declared?.allowedKeys ?? ModelFileKind.everyKey(of: kinds)
        for key in object.keys.sorted() where !allowed.contains(key) {
            let expectation =
                declared == nil
                ? ModelFileKind.envelopeKeys.joined(separator: ", ") + " and the keys of one kind"
                : allowed.joined(separator: ", ")
            throw ModelError(
                "\(path): \(echoed(key))", "unknown key\(suggestion(key, among: allowed)); expected only \(expectation)"
            )
        }
        let versions = declared?.formatVersions ?? [ProtocolDefinition.formatVersion]
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
            throw wrongKind(expected: "one of \(kinds.map(\.name).joined(separator: ", "))")
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
