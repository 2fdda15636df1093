import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// `pdtsim sweep`: one protocol over a grid of parameter values, one CSV row per point.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a protocol over a grid of parameter values; write one CSV row per point.",
        discussion: """
            Each --vary KEY=SPEC sets KEY (as --set does) to each value of SPEC:
              start:stop:step   an inclusive decimal range, e.g. light.center_nm=400:700:1 (301 values)
              a,b,c             a list of values, e.g. skin=fitzpatrick-1-2,fitzpatrick-5-6
            Several --vary form the cartesian product in row-major order: the LAST --vary varies \
            fastest. With --zip they run side by side instead (lists of equal length).

            Every point is validated before any is simulated. Rows are appended in index order to \
            FILE.csv.partial (sidecar FILE.csv.partial.json); at the end the sidecar becomes \
            FILE.csv.json and the rows FILE.csv. The file is identical for any --jobs. After an \
            interruption, --resume continues the partial file (its sidecar and header must match \
            this invocation) and gives the bytes of an uninterrupted run; with no partial file it \
            starts afresh. Without --resume an existing partial file is an error.

            Progress goes to standard error: a bar on a terminal, else a line every 5 s.

            An existing FILE.csv is replaced only if pdtsim wrote it (its sidecar FILE.csv.json says \
            so) or with --force; a folder, device or fifo at FILE.csv, or a FILE.csv that is being \
            written by another sweep (lock file FILE.csv.lock), is refused with exit code 5. \
            SIGINT, SIGTERM and SIGHUP stop the sweep with exit code 130, 143 or 129, keeping \
            FILE.csv.partial for --resume; the command that resumes is printed.

            Columns: index, the varied keys, status (ok or the solver's return code), the protocol \
            readouts of summary.json, and the first session's readouts (session1_…). A point whose \
            integration fails keeps its row with empty readouts; the sweep goes on and exits with 6.

            --shard I/N runs the points with index mod N = I, numbering the shards from 0: with \
            N = 2 run --shard 0/2 and --shard 1/2 (there is no 2/2); `pdtsim merge` joins the N parts.
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(
        name: .customLong("vary"),
        help: ArgumentHelp(
            "A parameter to vary: KEY=start:stop:step or KEY=a,b,c. Repeatable; the last varies fastest.",
            valueName: "KEY=SPEC"))
    var variations: [String] = []

    @Flag(name: .long, help: "Run the --vary lists side by side (equal lengths) instead of their product.")
    var zip = false

    @OptionGroup var ensemble: EnsembleRunOptions<SweepPoints>

    @OptionGroup var replace: ForceOption

    @Option(name: .long, help: ArgumentHelp("The CSV file to write.", valueName: "FILE.csv"))
    var out: String

    func validate() throws {
        guard !variations.isEmpty else { throw ValidationError("name at least one --vary KEY=SPEC") }
        for variation in variations where !variation.contains("=") {
            throw ValidationError(
                "--vary \(variation.prefix(80)): expected KEY=SPEC, e.g. light.center_nm=400:700:1 or skin=fitzpatrick-1-2,fitzpatrick-5-6"
            )
        }
        guard !out.isEmpty, !out.hasSuffix("/") else {
            throw InvalidArgument("--out", "'\(out)'", expected: "a file path (FILE.csv)")
        }
    }

    /// The points: a well-formed but invalid --vary (a bad range, unequal --zip lists) is invalid
    /// input (exit 3), not a usage error.
    func design() throws(ModelError) -> SweepDesign {
        try SweepDesign(
            axes: variations.map { argument throws(ModelError) in try SweepAxis(argument: argument) }, zip: zip)
    }

    func run() throws {
        let design = try design()
        let library = try options.library.load()
        var plan = SweepPlan(
            library: library, data: try library.referenceData(), base: try options.definition(library),
            protocolArgument: options.protocol, overrides: options.overrides, design: design)
        plan.ensemble.tableProgress = LockedProgress.skinTable(quiet: ensemble.quiet)
        let runner = SweepRunner(
            plan: plan, settings: ensemble.settings(output: out, force: replace.force), inputs: [plan.base.origin])
        let summary = try EnsembleCommand.run(
            label: "sweep", rows: SweepPoints.rows, quiet: ensemble.quiet, partialPath: runner.partialPath
        ) { progress in
            try runner.run(progress: progress)
        }
        if !ensemble.quiet {
            let slice = ensemble.sliceDescription
            let resumed = summary.resumed > 0 ? ", \(summary.resumed) resumed" : ""
            print("wrote \(out): \(summary.points) points\(slice)\(resumed); sidecar \(runner.sidecarPath)")
        }
        try EnsembleCommand.reportFailures(summary, noun: SweepPoints.rows, indexPrefix: "point ") {
            plan.assignments(at: $0)
        }
    }
}
