import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// The protocol a request names and its overrides: `{"protocol": NAME, "set": {"KEY": VALUE, …}}`,
/// the API's form of `--protocol NAME --set KEY=VALUE …`. The overrides are read and applied by the
/// command line's own code (`Override(path:text:)`, `ProtocolDefinition.apply`), so their messages
/// are the command line's.
///
/// The server reads model files only from its model folder: a protocol, section or parameter given
/// as a file path (what `ModelLibrary.isFileReference` calls one, or a key whose value is a path)
/// is refused.
struct ProtocolRequest: Sendable {
    /// The default protocol, as the command line's `--protocol`.
    static let defaultProtocol = "allumera-blue"

    var name: String
    /// The `set` overrides, in the order of the `set` object, read by the command line's parser.
    var overrides: [Override]

    /// The overrides as `KEY=VALUE` texts, for a sweep's sidecar.
    var assignments: [String] { overrides.map(\.assignment) }

    init(name: String, overrides: [Override]) throws(APIError) {
        if ModelLibrary.isFileReference(name) {
            throw APIError.badRequest(
                "\(RequestFields.location): protocol",
                "'\(echoed(name))' is a file path; expected a protocol preset name (pdtsim serve reads no files by path)"
            )
        }
        for override in overrides {
            let isPath: Bool
            switch override.change {
            case .parameter:
                isPath = override.spec.map { if case .path = $0.kind { true } else { false } } ?? false
            case .section(let reference):
                isPath = ModelLibrary.isFileReference(reference)
            }
            if isPath {
                throw APIError.badRequest(
                    "--set \(echoed(override.path))",
                    "'\(echoed(override.text))' is a file path; expected a preset name or a value (pdtsim serve reads no files by path)"
                )
            }
        }
        self.name = name
        self.overrides = overrides
    }

    /// `protocol` and `KEY=VALUE` texts as the command line's `--set` takes them (a query's `set`).
    init(name: String, assignments: [String]) throws(APIError) {
        var overrides: [Override] = []
        for assignment in assignments {
            overrides.append(try Self.parsed { () throws(ModelError) in try Override(assignment: assignment) })
        }
        try self.init(name: name, overrides: overrides)
    }

    /// `protocol` and `set` of a request body.
    init(_ fields: RequestFields) throws(APIError) {
        let name = try fields.string("protocol", default: Self.defaultProtocol)
        var overrides: [Override] = []
        if let set = try fields.object("set") {
            for (key, value) in set.pairs {
                let text = try RequestFields.valueText(value, at: fields.location("set.\(key)"))
                overrides.append(try Self.parsed { () throws(ModelError) in try Override(path: key, text: text) })
            }
        }
        try self.init(name: name, overrides: overrides)
    }

    /// An override read by the command line's parser; its mistake is the request's (400).
    static func parsed(_ parse: () throws(ModelError) -> Override) throws(APIError) -> Override {
        do {
            return try parse()
        } catch {
            throw APIError.badRequest(error.location, error.problem)
        }
    }

    /// The protocol with every override (then `extra`) applied and validated, as `pdtsim` builds it.
    func definition(_ library: ModelLibrary, extra: [Override] = []) throws(ModelError) -> ProtocolDefinition {
        var definition = try library.loadProtocol(name)
        try definition.apply(overrides + extra, sections: library)
        return definition
    }
}
