import ArgumentParser
import PDTCore

/// `pdtsim merge`: joins the parts of a sharded sweep.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the parts of a sweep run with --shard I/N into the file the unsharded sweep writes.",
        discussion: """
            Each part's sidecar (PART.csv.json) must come from the same sweep (definition, base \
            protocol, columns, versions, N), and the parts must hold every shard 0…N−1 exactly once, \
            each complete. Writes FILE.csv and FILE.csv.json, byte-identical to the unsharded sweep. \
            FILE.csv must be none of the parts (another path to the same file included); an existing \
            FILE.csv is replaced only if pdtsim wrote it, or with --force.

            Cohort shard folders (pdtsim cohort --shard I/N --out DIR_I) merge the same way:             `pdtsim merge DIR_0 … DIR_{N−1} --out DIR` checks they come from one cohort (cohort,             seed, subjects, protocol, N; each shard once) and writes the folder of the unsharded             run, byte for byte (subjects.csv, bands.csv, summary.json).
            """)

    @Argument(help: ArgumentHelp("The parts, one per shard, in any order.", valueName: "PART.csv"))
    var parts: [String] = []

    @Option(name: .long, help: ArgumentHelp("The merged CSV file.", valueName: "FILE.csv"))
    var out: String

    @Flag(name: .long, help: "Replace FILE.csv even if pdtsim did not write it (never a part, folder, device or fifo).")
    var force = false

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
        let points = try SweepMerge.merge(parts: parts, output: out, force: force)
        if !quiet {
            print("wrote \(out): \(points) points from \(parts.count) part\(parts.count == 1 ? "" : "s")")
        }
    }
}
