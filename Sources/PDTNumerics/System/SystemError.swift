import Foundation

/// A failed system call, with the system's reason `strerror(errno)` as a message fragment.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value.
    public var code: Int32

    public init(code: Int32) {
        self.code = code
    }

    /// The error of the system call that has just failed (`errno`).
    public static var last: SystemError { SystemError(code: errno) }

    /// `strerror(code)` with its first letter in lower case, to be read inside a message
    /// ("not a directory", "permission denied", "read-only file system").
    public var description: String {
        let text = String(cString: strerror(code))
        guard let first = text.first, first.isUppercase, !text.dropFirst().prefix(1).allSatisfy(\.isUppercase) else {
            return text
        }
        return first.lowercased() + text.dropFirst()
    }
}
