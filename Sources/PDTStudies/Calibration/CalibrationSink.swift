import PDTCore

/// Where the runs of a `CalibrationDesign` go: the sink gathers the runs of one θ (arms in file
/// order, subjects in cohort order) as they arrive in index order, and when the θ's last point has
/// arrived reduces them with `reduce` and drops them, so that a batch holds the runs of one θ at a
/// time. A θ with a failed point gets the failure of its first one in index order, which is the
/// error a serial loop over its arms and subjects would have stopped at.
struct CalibrationSink<Value>: EnsembleSink {
    let design: CalibrationDesign
    let reduce: ([[ProtocolResult]], [Double]) throws -> Value
    /// One per θ completed so far, in θ order.
    private(set) var values: [Result<Value, any Error>] = []
    private var runs: [[ProtocolResult]] = []
    private var failure: (any Error)?

    init(design: CalibrationDesign, reduce: @escaping ([[ProtocolResult]], [Double]) throws -> Value) {
        self.design = design
        self.reduce = reduce
    }

    var record: @Sendable (EnsembleOutcome) -> Result<ProtocolResult, any Error> { { $0.result } }

    mutating func accept(_ record: Result<ProtocolResult, any Error>, index: Int) {
        let (theta, arm, subject) = design.position(of: index)
        if arm == 0 && subject == 0 {
            runs = design.arms.map { _ in [] }
            failure = nil
        }
        switch record {
        case .success(let run): runs[arm].append(run)
        case .failure(let error): failure = failure ?? error
        }
        guard index % design.pointsPerTheta == design.pointsPerTheta - 1 else { return }
        if let failure {
            values.append(.failure(failure))
        } else {
            let complete = runs
            values.append(Result { try reduce(complete, design.thetas[theta]) })
        }
        runs = []
    }
}
