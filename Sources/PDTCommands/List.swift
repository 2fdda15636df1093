import ArgumentParser
import PDTCore

/// `pdtsim list`: the presets shipped in the model folder.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the presets with one-line descriptions.")

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
