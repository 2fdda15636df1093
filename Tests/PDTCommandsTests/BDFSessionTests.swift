import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies
import Testing

@testable import PDTCommands

/// The BDF stepper on the reference protocol: its session readouts against `pdtsim benchmark`'s
/// independent reference (msbdf at rtol 1e-9, atol 1e-12 µM), measured as the benchmark measures them.
@Suite struct BDFSessionTests {
    /// The loosest relative tolerance (with the default absolute 1e-9 µM) at which every dose and PpIX
    /// readout of allumera-blue's three sessions is within 1e-6 of the reference (Models/MODEL.md §10.2).
    static let relativeTolerance = 2e-7

    @Test("allumera-blue's readouts with bdf at rtol 2e-7 are within 1e-6 of the msbdf 1e-9 reference")
    func readoutsMatchTheReference() throws {
        let library = try ModelLibrary(root: Repository.models.path)
        let data = try library.referenceData()
        var treatment = try library.loadProtocol("allumera-blue").resolve()
        treatment.solver.stepper = .msbdf
        treatment.solver.relativeTolerance = 1e-9
        treatment.solver.absoluteToleranceUM = 1e-12
        let reference = try ProtocolSimulator(treatment: treatment, data: data).run()
        treatment.solver.stepper = .bdf
        treatment.solver.relativeTolerance = Self.relativeTolerance
        treatment.solver.absoluteToleranceUM = 1e-9
        let result = try ProtocolSimulator(treatment: treatment, data: data).run()
        #expect(result.sessions.count == 3)
        let deviation = Benchmark.largestDeviation(result, reference)
        #expect(deviation <= 1e-6, "largest relative deviation \(deviation)")
        let work = try #require(result.sessionStatistics.values.reduce(ODEStatistics?.none) { ($0 ?? .init()) + $1 })
        #expect(work.jacobianEvaluations * 10 < work.acceptedSteps, "J is reused across steps: \(work)")
        #expect(work.factorisations * 3 < work.acceptedSteps, "and so is the factorisation: \(work)")
    }
}

/// CVODE (`pdtsim benchmark`'s yardstick) on the reference protocol: its readouts against the same
/// msbdf reference, at the solver settings' tolerances.
@Suite struct CVODESessionTests {
    static let library: CVODELibrary? = try? CVODELibrary.load()

    @Test(
        "allumera-blue's readouts with CVODE at the default rtol 2e-7 are within 1e-5 of the msbdf 1e-9 reference",
        .enabled(if: library != nil, "libsundials_cvode.so.6 does not load (make system-deps installs it)"))
    func readoutsMatchTheReference() throws {
        let cvode = try #require(Self.library)
        let library = try ModelLibrary(root: Repository.models.path)
        let data = try library.referenceData()
        var treatment = try library.loadProtocol("allumera-blue").resolve()
        let simulator = try ProtocolSimulator(treatment: treatment, data: data)
        let result = try simulator.using(.cvode(cvode)).run()
        treatment.solver.stepper = .msbdf
        treatment.solver.relativeTolerance = 1e-9
        treatment.solver.absoluteToleranceUM = 1e-12
        let reference = try ProtocolSimulator(treatment: treatment, data: data).run()
        #expect(result.sessions.count == 3)
        let deviation = Benchmark.largestDeviation(result, reference)
        #expect(deviation <= 1e-5, "largest relative deviation \(deviation)")
        #expect(deviation > 0, "CVODE's run is not the reference's")
        let work = try #require(result.sessionStatistics.values.reduce(ODEStatistics?.none) { ($0 ?? .init()) + $1 })
        #expect(work.factorisations > 0 && work.jacobianEvaluations > 0 && work.acceptedSteps > 100, "\(work)")
        #expect(work.resets >= 3 * 3, "restarted at each phase of each session: \(work)")
    }
}
