import Foundation

/// SUNDIALS CVODE, loaded at run time with `dlopen`: the few C entry points pdtsim calls to run its
/// session kinetics with CVODE's variable-order BDF as a yardstick (`pdtsim benchmark`).
///
/// There are no headers and no link-time dependency: each entry point is declared here as a
/// `@convention(c)` function type matching SUNDIALS 6's declaration and resolved with `dlsym`. The
/// types assume SUNDIALS' default build, which Debian ships: `realtype` = `double`,
/// `sunindextype` = `int64_t` (`SUNDIALS_DOUBLE_PRECISION`, `SUNDIALS_INT64_T` in Debian 12's
/// `sundials_config.h`). Debian's `libsundials_cvode.so.6` carries the serial N_Vector, the band
/// SUNMatrix and the band SUNLinearSolver inside it, so one library provides every symbol.
///
/// Only major version 6 is accepted (`SUNDIALSGetVersionNumber`): SUNDIALS 7 changed the type of
/// `SUNContext_Create`'s communicator and the error handling, so its entry points do not match these
/// declarations. The handle is never closed: the functions stay valid for the life of the process,
/// and the value is immutable, hence `@unchecked Sendable`.
public final class CVODELibrary: @unchecked Sendable {
    /// The library `load()` opens by default, found on the dynamic linker's search path
    /// (Debian 12: `/usr/lib/x86_64-linux-gnu/libsundials_cvode.so.6`, package libsundials-cvode6).
    public static let defaultPath = "libsundials_cvode.so.6"
    /// The SUNDIALS major version whose C interface these declarations match.
    public static let supportedMajorVersion = 6

    /// The path it was opened from.
    public let path: String
    /// SUNDIALS' version string, e.g. "6.4.1".
    public let version: String

    // CVODE constants (cvode.h, SUNDIALS 6).
    static let bdf: Int32 = 2
    static let normal: Int32 = 1
    static let oneStep: Int32 = 2

    typealias RHS =
        @convention(c) (Double, OpaquePointer?, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32
    typealias Jacobian =
        @convention(c) (
            Double, OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafeMutableRawPointer?, OpaquePointer?,
            OpaquePointer?, OpaquePointer?
        ) -> Int32
    typealias ErrorHandler =
        @convention(c) (
            Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?,
            UnsafeMutableRawPointer?
        ) -> Void

    let contextCreate: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<OpaquePointer?>) -> Int32
    let contextFree: @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    let vectorNew: @convention(c) (Int64, OpaquePointer?) -> OpaquePointer?
    let vectorData: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<Double>?
    let vectorDestroy: @convention(c) (OpaquePointer?) -> Void
    let bandMatrix: @convention(c) (Int64, Int64, Int64, OpaquePointer?) -> OpaquePointer?
    let bandMatrixData: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<Double>?
    let bandMatrixLeadingDimension: @convention(c) (OpaquePointer?) -> Int64
    let bandMatrixStoredUpper: @convention(c) (OpaquePointer?) -> Int64
    let matrixDestroy: @convention(c) (OpaquePointer?) -> Void
    let bandSolver: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> OpaquePointer?
    let solverFree: @convention(c) (OpaquePointer?) -> Int32
    let create: @convention(c) (Int32, OpaquePointer?) -> UnsafeMutableRawPointer?
    let initialise: @convention(c) (UnsafeMutableRawPointer?, RHS?, Double, OpaquePointer?) -> Int32
    let reinitialise: @convention(c) (UnsafeMutableRawPointer?, Double, OpaquePointer?) -> Int32
    let scalarTolerances: @convention(c) (UnsafeMutableRawPointer?, Double, Double) -> Int32
    let setUserData: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32
    let setLinearSolver: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, OpaquePointer?) -> Int32
    let setJacobian: @convention(c) (UnsafeMutableRawPointer?, Jacobian?) -> Int32
    let setMaxSteps: @convention(c) (UnsafeMutableRawPointer?, Int) -> Int32
    let setInitialStep: @convention(c) (UnsafeMutableRawPointer?, Double) -> Int32
    let setMaxStep: @convention(c) (UnsafeMutableRawPointer?, Double) -> Int32
    let setMinStep: @convention(c) (UnsafeMutableRawPointer?, Double) -> Int32
    let setStopTime: @convention(c) (UnsafeMutableRawPointer?, Double) -> Int32
    let setErrorHandler: @convention(c) (UnsafeMutableRawPointer?, ErrorHandler?, UnsafeMutableRawPointer?) -> Int32
    let solve:
        @convention(c) (UnsafeMutableRawPointer?, Double, OpaquePointer?, UnsafeMutablePointer<Double>, Int32) -> Int32
    let free: @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Void
    /// CVodeGetNumSteps, …RhsEvals, …LinSolvSetups, …JacEvals, …ErrTestFails,
    /// …NonlinSolvIters, …NonlinSolvConvFails, …LinRhsEvals: each (cvode_mem, long *) → flag.
    let counters: [CVODECounter: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>) -> Int32]
    let flagName: @convention(c) (Int) -> UnsafeMutablePointer<CChar>?

    /// Opens the library at `path` (a file path, or a name for the dynamic linker's search) and
    /// resolves every entry point pdtsim uses.
    ///
    /// - Throws: `CVODELibraryError` when the library does not open, lacks an entry point, or is
    ///   not SUNDIALS 6.
    public static func load(path: String = defaultPath) throws(CVODELibraryError) -> CVODELibrary {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw .notLoaded(path: path, reason: reason)
        }
        return try CVODELibrary(path: path, handle: handle)
    }

    private init(path: String, handle: UnsafeMutableRawPointer) throws(CVODELibraryError) {
        self.path = path
        func symbol<T>(_ name: String, as _: T.Type) throws(CVODELibraryError) -> T {
            guard let address = dlsym(handle, name) else { throw .missingSymbol(path: path, name: name) }
            return unsafeBitCast(address, to: T.self)
        }
        let versionNumber = try symbol(
            "SUNDIALSGetVersionNumber",
            as: (@convention(c) (
                UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>,
                UnsafeMutablePointer<CChar>, Int32
            ) -> Int32).self)
        var (major, minor, patch): (Int32, Int32, Int32) = (0, 0, 0)
        var label = [CChar](repeating: 0, count: 32)
        guard versionNumber(&major, &minor, &patch, &label, Int32(label.count)) == 0 else {
            throw .wrongVersion(path: path, version: "unknown")
        }
        let suffix = String(decoding: label.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        version = "\(major).\(minor).\(patch)" + (suffix.isEmpty ? "" : "-\(suffix)")
        guard major == Self.supportedMajorVersion else { throw .wrongVersion(path: path, version: version) }

        contextCreate = try symbol("SUNContext_Create", as: type(of: contextCreate))
        contextFree = try symbol("SUNContext_Free", as: type(of: contextFree))
        vectorNew = try symbol("N_VNew_Serial", as: type(of: vectorNew))
        vectorData = try symbol("N_VGetArrayPointer", as: type(of: vectorData))
        vectorDestroy = try symbol("N_VDestroy", as: type(of: vectorDestroy))
        bandMatrix = try symbol("SUNBandMatrix", as: type(of: bandMatrix))
        bandMatrixData = try symbol("SUNBandMatrix_Data", as: type(of: bandMatrixData))
        bandMatrixLeadingDimension = try symbol("SUNBandMatrix_LDim", as: type(of: bandMatrixLeadingDimension))
        bandMatrixStoredUpper = try symbol("SUNBandMatrix_StoredUpperBandwidth", as: type(of: bandMatrixStoredUpper))
        matrixDestroy = try symbol("SUNMatDestroy", as: type(of: matrixDestroy))
        bandSolver = try symbol("SUNLinSol_Band", as: type(of: bandSolver))
        solverFree = try symbol("SUNLinSolFree", as: type(of: solverFree))
        create = try symbol("CVodeCreate", as: type(of: create))
        initialise = try symbol("CVodeInit", as: type(of: initialise))
        reinitialise = try symbol("CVodeReInit", as: type(of: reinitialise))
        scalarTolerances = try symbol("CVodeSStolerances", as: type(of: scalarTolerances))
        setUserData = try symbol("CVodeSetUserData", as: type(of: setUserData))
        setLinearSolver = try symbol("CVodeSetLinearSolver", as: type(of: setLinearSolver))
        setJacobian = try symbol("CVodeSetJacFn", as: type(of: setJacobian))
        setMaxSteps = try symbol("CVodeSetMaxNumSteps", as: type(of: setMaxSteps))
        setInitialStep = try symbol("CVodeSetInitStep", as: type(of: setInitialStep))
        setMaxStep = try symbol("CVodeSetMaxStep", as: type(of: setMaxStep))
        setMinStep = try symbol("CVodeSetMinStep", as: type(of: setMinStep))
        setStopTime = try symbol("CVodeSetStopTime", as: type(of: setStopTime))
        setErrorHandler = try symbol("CVodeSetErrHandlerFn", as: type(of: setErrorHandler))
        solve = try symbol("CVode", as: type(of: solve))
        free = try symbol("CVodeFree", as: type(of: free))
        flagName = try symbol("CVodeGetReturnFlagName", as: type(of: flagName))
        var counters: [CVODECounter: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>) -> Int32] =
            [:]
        for counter in CVODECounter.allCases {
            counters[counter] = try symbol(
                counter.rawValue,
                as: (@convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>) -> Int32).self)
        }
        self.counters = counters
    }

    /// CVODE's name of a return flag, e.g. "CV_TOO_MUCH_WORK".
    func name(ofFlag flag: Int32) -> String {
        guard let name = flagName(Int(flag)) else { return "CVODE flag \(flag)" }
        defer { Foundation.free(name) }
        return String(cString: name)
    }
}

/// The work counters pdtsim reads from CVODE, named by their getter.
enum CVODECounter: String, CaseIterable, Sendable {
    case steps = "CVodeGetNumSteps"
    case rhsEvaluations = "CVodeGetNumRhsEvals"
    case linearSetups = "CVodeGetNumLinSolvSetups"
    case jacobianEvaluations = "CVodeGetNumJacEvals"
    case errorTestFailures = "CVodeGetNumErrTestFails"
    case newtonIterations = "CVodeGetNumNonlinSolvIters"
    case newtonFailures = "CVodeGetNumNonlinSolvConvFails"
    case jacobianRHSEvaluations = "CVodeGetNumLinRhsEvals"
}

/// Why CVODE could not be loaded; `description` is the one line `pdtsim benchmark` prints.
public enum CVODELibraryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `dlopen` failed: no such file, or not a loadable library.
    case notLoaded(path: String, reason: String)
    /// The library lacks an entry point pdtsim calls.
    case missingSymbol(path: String, name: String)
    /// The library is not SUNDIALS 6.
    case wrongVersion(path: String, version: String)
    /// It loaded, but the protocol did not run with it (the message of the error it threw).
    case failed(String)

    public var description: String {
        switch self {
        case .notLoaded(let path, let reason):
            "CVODE library \(path) did not load (\(reason)); install libsundials-cvode6 (make system-deps) "
                + "or give --cvode-library PATH"
        case .missingSymbol(let path, let name):
            "CVODE library \(path) lacks \(name); expected SUNDIALS \(CVODELibrary.supportedMajorVersion)'s "
                + "libsundials_cvode with its serial vector and band solver"
        case .wrongVersion(let path, let version):
            "CVODE library \(path) is SUNDIALS \(version); expected major version "
                + "\(CVODELibrary.supportedMajorVersion)"
        case .failed(let message):
            "the protocol did not run with CVODE: \(message)"
        }
    }
}
