import ArgumentParser

/// `--out DIR`, declared once for the commands that must be told the folder they write
/// (calibrate, cohort, optimize, sensitivity, transport); `check` is the one refusal of an empty
/// path, which simulate and maintenance (whose `--out` has a default) apply as well.
struct OutputFolderOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder to write.", valueName: "DIR"))
    var out: String

    func validate() throws { try Self.check(out) }

    /// Refuses an empty path, which names no folder (and would let a run replace the current one).
    /// - Throws: `InvalidArgument` at `--out ''`.
    static func check(_ path: String) throws {
        if path.isEmpty {
            throw InvalidArgument("--out", "''", expected: "a directory path (DIR); an empty path is not a folder")
        }
    }
}
