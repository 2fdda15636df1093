import ArgumentParser
import PDTCore
import PDTModelFiles
import PDTNumerics

/// `pdtsim validate`: checks model files strictly.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check model files: format version, keys, units, ranges, regions and schedules.")

    @Argument(help: ArgumentHelp("Model files to check.", valueName: "FILE"))
    var files: [String]

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one model file") }
    }

    func run() throws {
        let library = try library.load()
        var failures = 0
        for file in files {
            do {
                let what = try library.validateFile(file)
                print("ok: \(escapingControls(file)) (\(escapingControls(what)))")
            } catch {
                failures += 1
                _ = PDTSim.fail("\(error)", .invalidInput)
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.invalidInput.rawValue) }
    }
}
