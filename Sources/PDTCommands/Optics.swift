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
            melanin_transmission_epidermis (T_mel at the base of the epidermis). MODEL.md §4. The \
            skin is the protocol's (--protocol, --set skin=NAME or --skin NAME). The sidecar \
            FILE.csv.json records what was tabulated; an existing FILE.csv is replaced only if \
            pdtsim wrote it (or with --force).
            """)

    @OptionGroup var options: ProtocolOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A skin preset (the same as --set skin=NAME; default: the protocol's skin).", valueName: "NAME"))
    var skin: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Wavelengths in nm: start:stop:step (inclusive) or a comma list (default: 380:800:1).", valueName: "SPEC"),
        transform: ArgumentValues.wavelengths)
    var wavelengths: [Double] = (380...800).map(Double.init)

    @Option(name: .customLong("depths-mm"), help: ArgumentHelp("Depths in mm, comma-separated.", valueName: "LIST"))
    var depths = "0.1,0.5,1,2"

    @Option(
        name: .long, help: ArgumentHelp("The CSV file to write (and its sidecar FILE.csv.json).", valueName: "FILE.csv")
    )
    var out: String

    @Flag(name: .long, help: "Replace FILE.csv even if pdtsim did not write it (never a folder, device or fifo).")
    var force = false

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        do {
            _ = try OpticsTable.depths(depths)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let library = try options.library.load()
        var definition = try options.definition(library)
        if let skin {
            do {
                try definition.set(path: "skin", text: skin, library: library)
            } catch {
                throw ModelError("--skin \(skin)", error.problem)
            }
        }
        let treatment = try definition.resolve(library: library)
        let table = try OpticsTable(
            skin: treatment.skin, data: try library.referenceData(), wavelengths: wavelengths,
            depths: try OpticsTable.depths(depths))
        try OutputTarget.checkFile(out, force: force, inputs: [definition.origin])
        let skinName = definition.presets.first { $0.0 == .skin }?.1 ?? "(inline)"
        let sidecar = JSONOutput.object([
            ("kind", .string("pdtsim optics")), ("protocol", .string(options.protocol)),
            ("set", .array(options.overrides.map { .string($0) })), ("skin", .string(skinName)),
            ("columns", .array(table.table.header.map { .string($0) })),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
        try AtomicOutput.write(sidecar.text() + "\n", to: out + ".json")
        try AtomicOutput.write(table.table.text, to: out)
        if !quiet {
            print("wrote \(out): \(table.wavelengths.count) wavelengths, skin \(skinName); sidecar \(out).json")
        }
    }
}
