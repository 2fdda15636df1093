import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// What the API computes, by the command line's own code paths (PDTCore), so that every number it
/// answers equals the one `pdtsim` writes for the same protocol and overrides. Each computation is
/// blocking and runs on a `WorkQueue` worker; one computation uses one thread.
public struct Explorer: Sendable {
    public let library: ModelLibrary
    public let data: ReferenceData
    public let limits: ServeLimits

    public init(library: ModelLibrary, data: ReferenceData, limits: ServeLimits = ServeLimits()) {
        self.library = library
        self.data = data
        self.limits = limits
    }
}

/// The bounds of one request beyond those the command line already has (`WorkBudget` per
/// simulation, the schedule's session and horizon ranges): the most simulations one request may
/// ask for, and the largest body.
public struct ServeLimits: Sendable, Equatable {
    /// The most points of one sweep.
    public var sweepPoints = 64
    /// The most maintenance intervals of one request.
    public var maintenanceIntervals = 12
    /// The largest request body, in bytes (larger: 413).
    public var bodyBytes = 64 * 1024

    public init() {}
}
