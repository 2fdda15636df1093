import Foundation

/// Why a file could not be read whole: the system's reason, a file that is not a regular file
/// (a device, a named pipe, a socket), or one larger than `POSIXFile.maximumReadBytes`.
public enum FileReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case system(SystemError)
    /// What the path is instead, in words ("a named pipe (fifo)").
    case notRegular(String)
    /// The size found, in bytes.
    case tooLarge(bytes: Int64)

    /// The reason as a message fragment: "no such file or directory", "is a named pipe (fifo), not
    /// a regular file", "is 1.2 GB; files read are at most 64 MiB".
    public var description: String {
        switch self {
        case .system(let error): error.description
        case .notRegular(let what): "is \(what), not a regular file"
        case .tooLarge(let bytes):
            "is \(Self.sizeText(bytes)); input files are at most \(Self.sizeText(Int64(POSIXFile.maximumReadBytes)))"
        }
    }

    /// A size in bytes as people write it: "812 B", "3.4 kB", "1.2 GB" (decimal prefixes, two
    /// significant digits), and whole multiples of 2²⁰ as "64 MiB".
    static func sizeText(_ bytes: Int64) -> String {
        for (power, unit) in [(30, "GiB"), (20, "MiB")] where bytes >= 1 << power && bytes % (1 << power) == 0 {
            return "\(bytes >> power) \(unit)"
        }
        var value = Double(bytes)
        for unit in ["B", "kB", "MB", "GB", "TB"] {
            if value < 1000 || unit == "TB" {
                return unit == "B" ? "\(bytes) B" : "\(String(format: "%.1f", value)) \(unit)"
            }
            value /= 1000
        }
        return "\(bytes) B"
    }
}

extension POSIXFile {
    /// The contents of an input file (a model file, a measurement or spectrum table): the one
    /// doorway through which pdtsim reads what a user gives it. Only a regular file of at most
    /// `maximumReadBytes` is read (see `readContents`).
    /// - Parameters:
    ///   - what: the file's role in the message ("the measurement file").
    ///   - expected: what the file should be ("a CSV file").
    /// - Throws: `ModelError` at `path`: "cannot read the measurement file (no such file or
    ///   directory); expected a CSV file", "is a named pipe (fifo), not a regular file; expected …",
    ///   "is 1.2 GB; input files are at most 64 MiB; expected …".
    package static func readInput(_ path: String, what: String, expected: String) throws(ModelError) -> Data {
        do {
            return try readContents(of: path)
        } catch {
            switch error {
            case .system:
                throw ModelError(echoed(path, limit: 200), "cannot read \(what) (\(error)); expected \(expected)")
            case .notRegular, .tooLarge: throw ModelError(echoed(path, limit: 200), "\(error); expected \(expected)")
            }
        }
    }
}
