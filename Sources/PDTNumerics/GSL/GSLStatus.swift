import CGSL

/// A status code of the GNU Scientific Library (`gsl_errno.h`).
///
/// GSL functions return `int` status codes; `GSL_SUCCESS` (0) means success, every other value is an
/// error or an iteration state. The enumeration constants of `gsl_errno.h` import into Swift as `Int`
/// while the functions return `Int32`; this type is the one place where the two meet, and the rest of
/// pdtsim only ever sees `GSLStatus`.
public struct GSLStatus: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The raw status code, as returned by a GSL function.
    public let code: Int32

    /// Wraps a status returned by a GSL function (or by one of pdtsim's callbacks into GSL).
    public init(code: Int32) {
        self.code = code
    }

    /// Wraps one of the `gsl_errno.h` enumeration constants, which Swift imports as `Int`.
    init(constant: Int) {
        self.code = Int32(constant)
    }

    /// The symbolic name of the code, e.g. `"GSL_EBADFUNC"`; `"GSL status N"` for a code GSL does not define.
    public var name: String {
        GSLStatus.names[code] ?? "GSL status \(code)"
    }

    /// GSL's own one-line explanation of the code (`gsl_strerror`), e.g.
    /// `"problem with user-supplied function"`.
    public var message: String {
        String(cString: gsl_strerror(code))
    }

    /// `"GSL_EBADFUNC (problem with user-supplied function)"`.
    public var description: String {
        "\(name) (\(message))"
    }

    /// `GSL_SUCCESS`: the call succeeded.
    public static let success = GSLStatus(constant: GSL_SUCCESS)
    /// `GSL_FAILURE`: generic failure; `gsl_odeiv2_evolve_apply` returns it when the step size cannot be
    /// reduced any further (it would no longer change `t`) yet the error is still too large, or a stepper
    /// (e.g. the Newton iteration of `msbdf`) keeps failing down to that step size.
    public static let failure = GSLStatus(constant: GSL_FAILURE)
    /// `GSL_EFAULT`: invalid pointer; also returned by steppers that need the driver object and lack it.
    public static let fault = GSLStatus(constant: GSL_EFAULT)
    /// `GSL_EINVAL`: invalid argument (e.g. step direction opposite to the integration interval).
    public static let invalidArgument = GSLStatus(constant: GSL_EINVAL)
    /// `GSL_ENOMEM`: memory allocation failed.
    public static let noMemory = GSLStatus(constant: GSL_ENOMEM)
    /// `GSL_EBADFUNC`: a user-supplied function failed; pdtsim's callbacks return it when the right-hand
    /// side or the Jacobian produced a value that is not finite.
    public static let badFunction = GSLStatus(constant: GSL_EBADFUNC)
    /// `GSL_EMAXITER`: the maximum number of iterations (or steps) was exceeded.
    public static let maxIterations = GSLStatus(constant: GSL_EMAXITER)
    /// `GSL_ENOPROG`: an iteration is not making progress (GSL's own driver: step below its `hmin`).
    public static let noProgress = GSLStatus(constant: GSL_ENOPROG)

    /// The symbolic names of every code defined in GSL 2.7's `gsl_errno.h`.
    private static let names: [Int32: String] = {
        let table: [(Int, String)] = [
            (GSL_SUCCESS, "GSL_SUCCESS"),
            (GSL_FAILURE, "GSL_FAILURE"),
            (GSL_CONTINUE, "GSL_CONTINUE"),
            (GSL_EDOM, "GSL_EDOM"),
            (GSL_ERANGE, "GSL_ERANGE"),
            (GSL_EFAULT, "GSL_EFAULT"),
            (GSL_EINVAL, "GSL_EINVAL"),
            (GSL_EFAILED, "GSL_EFAILED"),
            (GSL_EFACTOR, "GSL_EFACTOR"),
            (GSL_ESANITY, "GSL_ESANITY"),
            (GSL_ENOMEM, "GSL_ENOMEM"),
            (GSL_EBADFUNC, "GSL_EBADFUNC"),
            (GSL_ERUNAWAY, "GSL_ERUNAWAY"),
            (GSL_EMAXITER, "GSL_EMAXITER"),
            (GSL_EZERODIV, "GSL_EZERODIV"),
            (GSL_EBADTOL, "GSL_EBADTOL"),
            (GSL_ETOL, "GSL_ETOL"),
            (GSL_EUNDRFLW, "GSL_EUNDRFLW"),
            (GSL_EOVRFLW, "GSL_EOVRFLW"),
            (GSL_ELOSS, "GSL_ELOSS"),
            (GSL_EROUND, "GSL_EROUND"),
            (GSL_EBADLEN, "GSL_EBADLEN"),
            (GSL_ENOTSQR, "GSL_ENOTSQR"),
            (GSL_ESING, "GSL_ESING"),
            (GSL_EDIVERGE, "GSL_EDIVERGE"),
            (GSL_EUNSUP, "GSL_EUNSUP"),
            (GSL_EUNIMPL, "GSL_EUNIMPL"),
            (GSL_ECACHE, "GSL_ECACHE"),
            (GSL_ETABLE, "GSL_ETABLE"),
            (GSL_ENOPROG, "GSL_ENOPROG"),
            (GSL_ENOPROGJ, "GSL_ENOPROGJ"),
            (GSL_ETOLF, "GSL_ETOLF"),
            (GSL_ETOLX, "GSL_ETOLX"),
            (GSL_ETOLG, "GSL_ETOLG"),
            (GSL_EOF, "GSL_EOF"),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { (Int32($0.0), $0.1) })
    }()
}

/// Process-wide facts about, and set-up of, the GNU Scientific Library.
public enum GSL {
    /// The version of the GSL library pdtsim is running against (`gsl_version`), e.g. `"2.7.1"`.
    public static var version: String {
        prepare()
        return String(cString: pdt_gsl_version())
    }

    /// Makes GSL usable from Swift: must run before any other GSL call.
    ///
    /// GSL's default error handler prints a message and calls `abort()` on every error, including
    /// recoverable ones such as a failed ODE step. This turns the handler off
    /// (`gsl_set_error_handler_off`), so that errors come back as status codes instead. It runs exactly
    /// once per process however often and from however many threads it is called (the lazy, atomic
    /// initialisation of a `static let`). Every entry point of the GSL layer calls it.
    static func prepare() {
        _ = errorHandlerDisabled
    }

    /// Evaluated once, on first use, by `prepare()`.
    private static let errorHandlerDisabled: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()
}
