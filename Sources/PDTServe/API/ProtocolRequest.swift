import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// The protocol a request names and its overrides: `{"protocol": NAME, "set": {"KEY": VALUE, …}}`,
/// the API's form of `--protocol NAME --set KEY=VALUE …`. The overrides are applied by the command
/// line's own code (`ProtocolDefinition.apply`), so their messages are the command line's.
///
/// The server reads model files only from its model folder: a protocol, section or parameter given
/// as a file path (what `ModelLibrary.isFileReference` calls one, or a key whose value is a path)
/// is refused.
struct ProtocolRequest: Sendable {
    /// The default protocol, as the command line's `--protocol`.
    static let defaultProtocol = "allumera-blue"

    var name: String
    /// `KEY=VALUE` texts, in the order of the `set` object.
    var overrides: [String]

    init(name: String, overrides: [String]) throws(APIError) {
        if ModelLibrary.isFileReference(name) {
            throw APIError.badRequest(
                "\(RequestFields.location): protocol",
                "'\(echoed(name))' is a file path; expected a protocol preset name (pdtsim serve reads no files by path)"
            )
        }
        for assignment in overrides {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let path = parts[0].split(separator: ".", maxSplits: 1).map(String.init)
            let value = parts.count > 1 ? String(parts[1]) : ""
            let isPath =
                path.count == 2
                && Section(rawValue: path[0])?.spec(path[1]).map { if case .path = $0.kind { true } else { false } }
                    == true
            if isPath || (path.count == 1 && ModelLibrary.isFileReference(value.trimmingCharacters(in: .whitespaces))) {
                throw APIError.badRequest(
                    "--set \(echoed(parts[0]))",
                    "'\(echoed(value))' is a file path; expected a preset name or a value (pdtsim serve reads no files by path)"
                )
            }
        }
        self.name = name
        self.overrides = overrides
    }

    /// `protocol` and `set` of a request body.
    init(_ fields: RequestFields) throws(APIError) {
        let name = try fields.string("protocol", default: Self.defaultProtocol)
        var overrides: [String] = []
        if let set = try fields.object("set") {
            for (key, value) in set.pairs {
                overrides.append("\(key)=\(try RequestFields.valueText(value, at: fields.location("set.\(key)")))")
            }
        }
        try self.init(name: name, overrides: overrides)
    }

    /// The protocol with every override (then `extra`) applied and validated, as `pdtsim` builds it.
    func definition(_ library: ModelLibrary, extra: [String] = []) throws(ModelError) -> ProtocolDefinition {
        var definition = try library.loadProtocol(name)
        try definition.apply(overrides + extra, library: library)
        return definition
    }
}
