import ArgumentParser
import PDTCore

/// `pdtsim optics`: the skin's optical properties and PpIX excitation across wavelengths.
struct Optics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tabulate skin optics per wavelength: μa, μs′, penetration depth, fluence factors, η, PpIX weight.",
        discussion: """
            Columns: wavelength_nm, mua_per_cm, musp_per_cm, penetration_depth_mm, \
            fluence_factor_surface, fluence_factor_at_<d>mm for each --depths-mm value (φ/E, \
            dimensionless), excitation_per_s_per_mW_per_cm2 (η), ppix_weight (ε/ε_max) and \
            melanin_transmission_epidermis (T_mel at the base of the epidermis). Models/MODEL.md §4.
            """)

    @Option(name: .long, help: ArgumentHelp("A skin preset.", valueName: "NAME"))
    var skin = "fitzpatrick-1-2"

    @Option(
        name: .long,
        help: ArgumentHelp("Wavelengths in nm: start:stop:step (inclusive) or a comma list.", valueName: "SPEC"))
    var wavelengths = "380:800:1"

    @Option(name: .customLong("depths-mm"), help: ArgumentHelp("Depths in mm, comma-separated.", valueName: "LIST"))
    var depths = "0.1,0.5,1,2"

    @OptionGroup var library: LibraryOptions

    @Option(name: .long, help: ArgumentHelp("The CSV file to write.", valueName: "FILE.csv"))
    var out: String

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        do {
            _ = try OpticsTable.wavelengths(wavelengths)
            _ = try OpticsTable.depths(depths)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let library = try library.load()
        var definition = try library.loadProtocol("allumera-blue")
        do {
            try definition.set(path: "skin", text: skin, library: library)
        } catch {
            throw ModelError("--skin \(skin)", error.problem)
        }
        let treatment = try definition.resolve(library: library)
        let table = try OpticsTable(
            skin: treatment.skin, data: try library.referenceData(),
            wavelengths: try OpticsTable.wavelengths(wavelengths), depths: try OpticsTable.depths(depths))
        try AtomicOutput.write(table.table.text, to: out)
        if !quiet { print("wrote \(out): \(table.wavelengths.count) wavelengths, skin \(skin)") }
    }
}
