import ArgumentParser
import PDTCore
import PDTStudies

/// `pdtsim merge`: joins the parts of a sharded sweep.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the parts of a run with --shard I/N into the output of the unsharded run.",
        discussion: """
            Each part's sidecar (PART.csv.json) must come from the same sweep (definition, base \
            protocol, columns, versions, N), and the parts must hold every shard 0…N−1 exactly once, \
            each complete. Writes FILE.csv and FILE.csv.json, byte-identical to the unsharded sweep. \
            FILE.csv must be none of the parts (another path to the same file included); an existing \
            FILE.csv is replaced only if pdtsim wrote it, or with --force.

            Shards are numbered from 0: a run split in N parts has the shards 0/N … (N−1)/N.

            Cohort and sensitivity shard folders (pdtsim cohort --shard I/N --out DIR_I) merge the \
            same way: `pdtsim merge DIR_0 … DIR_{N−1} --out DIR` checks they come from one run \
            (cohort, seed, subjects or samples, protocol, N; each shard once) and writes the folder \
            of the unsharded run, byte for byte (subjects.csv, bands.csv, summary.json; design.csv, \
            indices.csv).
            """)

    @Argument(
        help: ArgumentHelp(
            "The parts, one per shard, in any order: sweep CSV files or cohort/sensitivity shard folders.",
            valueName: "PART.csv|SHARD_DIR"))
    var parts: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("The merged CSV file (sweep) or folder (cohort, sensitivity).", valueName: "FILE.csv|DIR"))
    var out: String

    @OptionGroup var replace: ForceOption

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("name the parts to merge") }
    }

    func run() throws {
        for (layout, noun) in [(EnsembleFolderLayout.cohort, "subjects"), (.sensitivity, "runs")]
        where parts.contains(where: layout.holds) {
            let points = try EnsembleFolderMerge.merge(parts: parts, output: out, layout: layout)
            if !quiet {
                print("wrote \(out): \(points) \(noun) from \(parts.count) shard\(parts.count == 1 ? "" : "s")")
            }
            return
        }
        let points = try EnsembleCSVMerge.merge(parts: parts, output: out, force: replace.force)
        if !quiet {
            print("wrote \(out): \(points) points from \(parts.count) part\(parts.count == 1 ? "" : "s")")
        }
    }
}
