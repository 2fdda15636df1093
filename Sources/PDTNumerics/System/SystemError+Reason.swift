import Foundation

extension SystemError {
    /// The system's reason for a failed file operation: `SystemError`, `POSIXError`, or the first
    /// POSIX error in a Foundation error's chain of underlying errors, as `strerror` text; a
    /// Foundation file error without one is mapped to the matching POSIX reason.
    public static func reason(_ error: any Error) -> String {
        if let system = error as? SystemError { return system.description }
        if let posix = error as? POSIXError { return SystemError(code: posix.code.rawValue).description }
        var current: NSError? = error as NSError
        var outermost: NSError?
        while let ns = current {
            if ns.domain == NSPOSIXErrorDomain { return SystemError(code: Int32(ns.code)).description }
            outermost = outermost ?? ns
            current = (ns.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        }
        guard let ns = outermost, ns.domain == NSCocoaErrorDomain else { return "\(error)" }
        let codes: [Int: Int32] = [
            NSFileNoSuchFileError: ENOENT, NSFileReadNoSuchFileError: ENOENT, NSFileReadNoPermissionError: EACCES,
            NSFileWriteNoPermissionError: EACCES, NSFileWriteVolumeReadOnlyError: EROFS,
            NSFileWriteOutOfSpaceError: ENOSPC, NSFileWriteFileExistsError: EEXIST, NSFileReadTooLargeError: EFBIG,
        ]
        return codes[ns.code].map { SystemError(code: $0).description } ?? ns.localizedDescription
    }
}
