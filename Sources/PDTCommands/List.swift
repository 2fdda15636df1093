import ArgumentParser
import PDTCore
import PDTModelFiles
import PDTStudies

/// `pdtsim list`: every model file of the model folder, folder by folder.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "List the model files with one-line descriptions: presets, cohorts, calibrations, optimisations, media.",
        discussion: """
            Folder by folder: protocols, the section presets (creams, lights, skins, grids, kinetics, \
            responses, sessions, solvers, readouts), cohorts (pdtsim cohort, sensitivity), \
            calibrations (calibrate), optimizations (optimize), media (transport), and the evidence \
            studies of evidence/ when the folder exists (each subfolder with its README's first \
            heading).
            """)

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let library = try library.load()
        print("model folder: \(library.root)")
        var current = ""
        let rows = try library.catalogue()
        let width = rows.map(\.name.count).max() ?? 0
        for row in rows {
            if row.directory != current {
                current = row.directory
                print("\n\(current):")
            }
            print("  \(row.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(row.description)")
        }
    }
}
