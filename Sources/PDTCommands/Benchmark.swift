import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim benchmark`: the speed figures of issue 3, measured on this machine.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure speed: one protocol and a wavelength sweep by default; cohorts, Sobol, calibration, transport and optimisation on request.",
        discussion: """
            Prints: the time of one protocol run (median of --repeats runs, in process, after one \
            warm-up run) and per session, its solver work per session and phase (accepted/rejected \
            steps, RHS and Jacobian evaluations, LU factorisations and solves), with --instructions \
            the instructions of one run counted by valgrind's callgrind, the largest relative deviation of its session doses and PpIX readouts from an \
            independent tight run (msbdf, rtol 1e-9, atol 1e-12 µM), and the wall time of the \
            wavelength sweep light.center_nm=400:700:1 (301 points) with each --jobs count, with the \
            parallel efficiency T₁/(N·T_N). Unless --no-cvode, the protocol figures are measured a \
            second time with the session phases integrated by SUNDIALS CVODE (loaded at run time from \
            libsundials_cvode.so.6 or --cvode-library; one line says so when it does not load), with \
            the time ratio pdtsim/CVODE. --study selects further studies: cohort (--subjects of the \
            shipped cohort), sobol (D = 10, --sobol-samples base rows), calibration (each shipped \
            calibration with its profiles), transport (Monte Carlo photons/s in the protocol's skin at \
            417 and 635 nm; the full 380–800 nm f(z, λ) table at 1 % RSE, cold and cached, with its largest RSE) and optimization \
            (each shipped optimisation: time, evaluations, objective). Build with `swift build -c \
            release` first: a debug build is about ten times slower.
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(name: .long, help: "Timed runs of the protocol (after one warm-up run).")
    var repeats = 15

    @Option(name: .long, help: ArgumentHelp("The sweep: KEY=SPEC as for `pdtsim sweep --vary`.", valueName: "KEY=SPEC"))
    var vary = "light.center_nm=400:700:1"

    @Option(
        name: .long, parsing: .unconditionalSingleValue, help: "Job counts to time the sweep with (repeatable).",
        transform: ArgumentValues.jobs)
    var jobs: [Int] = [1, 2]

    @Flag(name: .long, help: "Skip the sweep (protocol figures only).")
    var noSweep = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A study to run (repeatable; default protocol and sweep): the heavy ones are chosen here so that the default run stays short.",
            valueName: "NAME"))
    var study: [BenchmarkStudy] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Subjects of the cohort study (shipped cohort, allumera-blue).", valueName: "N"))
    var subjects = 10_000

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Base rows N of the Sobol study (D = 10: N·12 runs).", valueName: "N"))
    var sobolSamples = 1024

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Photon packets per wavelength of the transport study.", valueName: "N"))
    var photons = 200_000

    @Flag(
        name: .long,
        help:
            "Also count the instructions of one protocol run under valgrind's callgrind (where valgrind is installed; the run takes about a minute)."
    )
    var instructions = false

    @Flag(
        name: .long,
        help: "Do not run the protocol a second time with its sessions integrated by SUNDIALS CVODE.")
    var noCvode = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The CVODE library to compare with (SUNDIALS 6; default libsundials_cvode.so.6 on the library path).",
            valueName: "PATH"))
    var cvodeLibrary: String?

    @Flag(name: .long, help: .hidden)
    var instructionCountChild = false

    func validate() throws {
        guard repeats >= 1 else { throw InvalidArgument("--repeats", String(repeats), expected: "a whole number ≥ 1") }
        guard subjects >= 1 else {
            throw InvalidArgument("--subjects", String(subjects), expected: "a whole number ≥ 1")
        }
        guard sobolSamples >= 2 else {
            throw InvalidArgument("--sobol-samples", String(sobolSamples), expected: "a whole number ≥ 2")
        }
        guard photons >= 1000 else {
            throw InvalidArgument("--photons", String(photons), expected: "a whole number ≥ 1000")
        }
    }

    /// The studies to run: --study, else protocol and sweep (without the sweep under --no-sweep).
    var studies: Set<BenchmarkStudy> { study.isEmpty ? (noSweep ? [.protocol] : [.protocol, .sweep]) : Set(study) }

    func run() throws {
        if instructionCountChild { return try runInstructionCountChild() }
        #if DEBUG
            print("warning: this is a debug build (up to ten times slower); measure with `swift build -c release`")
        #endif
        let library = try options.library.load()
        let data = try library.referenceData()
        let definition = try options.definition(library)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("pdtsim \(SimulationReport.pdtsimVersion), GSL \(GSL.version), \(cores) active cores")
        if studies.contains(.protocol) || studies.contains(.sweep) {
            try protocolAndSweep(library: library, data: data, definition: definition)
        }
        if studies.contains(.cohort) { try cohortStudy(library: library) }
        if studies.contains(.sobol) { try sobolStudy(library: library) }
        if studies.contains(.calibration) { try calibrationStudy(library: library) }
        if studies.contains(.transport) { try transportStudy(library: library, definition: definition) }
        if studies.contains(.optimization) { try optimizationStudy(library: library) }
    }

    /// The largest |a/b − 1| over the session doses and PpIX readouts of two runs.
    static func largestDeviation(_ a: ProtocolResult, _ b: ProtocolResult) -> Double {
        var worst = 0.0
        for (x, y) in zip(a.sessions.map(\.result), b.sessions.map(\.result)) {
            let pairs = [
                (x.doseEpidermisUM, y.doseEpidermisUM), (x.doseSebaceousUM, y.doseSebaceousUM),
                (x.ppixEpidermisAtLightOn, y.ppixEpidermisAtLightOn),
                (x.ppixSebaceousAtLightOn, y.ppixSebaceousAtLightOn),
                (x.ppixEpidermisAtLightOff, y.ppixEpidermisAtLightOff),
                (x.ppixSebaceousAtLightOff, y.ppixSebaceousAtLightOff),
            ]
            for (u, v) in pairs where v != 0 { worst = max(worst, abs(u / v - 1)) }
        }
        return worst
    }
}
