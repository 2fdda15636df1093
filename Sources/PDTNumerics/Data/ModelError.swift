import Foundation

/// A mistake in user input or model data: a model file, a data table, a `--set` override or an
/// output path. The message names the file, the key path, the offending value and what was
/// expected, so that it can be shown to a user as it is.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the mistake is: a file path, optionally followed by a key path (`file: key`).
    public var location: String
    /// What is wrong and what was expected.
    public var problem: String

    /// Control characters in either part (from a name, key or value a user wrote) are escaped
    /// (`escapingControls`), so the message stays one line and cannot drive a terminal.
    public init(_ location: String, _ problem: String) {
        self.location = escapingControls(location)
        self.problem = escapingControls(problem)
    }

    public var description: String { location.isEmpty ? problem : "\(location): \(problem)" }
}

/// A failure to write results: the output path and the system's reason.
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// "cannot write PATH: REASON"; an empty path shows as `''`.
    public var description: String { "cannot write \(path.isEmpty ? "''" : path): \(reason)" }
}
