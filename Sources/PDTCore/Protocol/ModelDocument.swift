import Foundation

extension ModelLibrary {
    /// A model file's envelope and body.
    struct Document {
        var path: String
        var kind: String
        var name: String
        var description: String
        var extends: String?
        var body: JSONObject
        var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
    }

    static let kinds = ["protocol"] + Section.allCases.map(\.rawValue) + [MediumFile.kind]

    /// Reads a file and checks the envelope every model file shares.
    func readDocument(_ path: String) throws(ModelError) -> Document {
        let data = try POSIXFile.readInput(path, what: "the model file", expected: "a pdtsim model file (.json)")
        guard case .object(let object) = try JSONValue.parse(data, path: path) else {
            throw ModelError(path, "the top level is not an object; expected a pdtsim model file")
        }
        let envelope = ["format_version", "kind", "name", "description", "extends"]
        let kind: String? =
            if case .string(let k)? = object["kind"], Self.kinds.contains(k) { k } else { nil }
        let allowed =
            envelope
            + (kind == "protocol"
                ? Section.allCases.map(\.rawValue)
                : kind == nil ? Section.allCases.map(\.rawValue) + ["parameters"] : ["parameters"])
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw ModelError(
                "\(path): \(echoed(key))",
                "unknown key\(Self.suggestion(key, among: allowed)); expected only \((kind == nil ? envelope + ["parameters or section names"] : allowed).joined(separator: ", "))"
            )
        }
        guard case .number(let version)? = object["format_version"] else {
            throw ModelError(
                path, "format_version is missing or not a number; expected \"format_version\": \(Self.formatVersion)")
        }
        guard version.value == Double(Self.formatVersion) else {
            throw ModelError(
                "\(path): format_version",
                "\(echoed(version.text)) is not supported; this pdtsim reads format_version \(Self.formatVersion)")
        }
        guard let kind else {
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
        return Document(path: path, kind: kind, name: name, description: description, extends: extends, body: object)
    }

}
