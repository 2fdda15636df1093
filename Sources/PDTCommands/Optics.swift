import ArgumentParser
import Foundation
import PDTCore

/// `pdtsim optics`: the skin's optical properties and PpIX excitation across wavelengths.
extension OpticsTableModel: ExpressibleByArgument {}

struct Optics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tabulate skin optics per wavelength: μa, μs′, penetration depth, fluence factors, η, PpIX weight.",
        discussion: """
            Columns: wavelength_nm, mua_per_cm, musp_per_cm, penetration_depth_mm, \
            fluence_factor_surface, fluence_factor_at_<d>mm for each --depths-mm value (φ/E, \
            dimensionless), excitation_per_s_per_mW_per_cm2 (η), ppix_weight (ε/ε_max) and \
            melanin_transmission_epidermis (T_mel at the base of the epidermis). MODEL.md §4. \
            With --optics-model monte_carlo the fluence factors come from the Monte Carlo transport \
            (pdtsim transport) in a two-layer skin: epidermis with melanin as absorption over a \
            semi-infinite dermis, μs = μs′/(1 − g), n_t under air.
            """)

    @Option(name: .long, help: ArgumentHelp("A skin preset.", valueName: "NAME"))
    var skin = "fitzpatrick-1-2"

    @Option(
        name: .long,
        help: ArgumentHelp("Wavelengths in nm: start:stop:step (inclusive) or a comma list.", valueName: "SPEC"))
    var wavelengths = "380:800:1"

    @Option(name: .customLong("depths-mm"), help: ArgumentHelp("Depths in mm, comma-separated.", valueName: "LIST"))
    var depths = "0.1,0.5,1,2"

    @Option(
        name: .customLong("optics-model"),
        help: ArgumentHelp(
            "diffusion (MODEL.md §4), monte_carlo (the same columns with f by Monte Carlo) or both (adds _mc and _ratio_diffusion_to_mc columns).",
            valueName: "MODEL"))
    var opticsModel: OpticsTableModel = .diffusion

    @Option(name: .long, help: ArgumentHelp("Monte Carlo: photon packets per wavelength node.", valueName: "N"))
    var photons = 100_000

    @Option(
        name: .customLong("mc-step-nm"),
        help: ArgumentHelp(
            "Monte Carlo: wavelength node spacing in nm (0: every wavelength); between nodes the ratio f_MC/f_diffusion is interpolated.",
            valueName: "NM"))
    var mcStepNM = 10.0

    @Option(
        name: .customLong("anisotropy-g"),
        help: ArgumentHelp("Monte Carlo: Henyey–Greenstein anisotropy g of the skin (−1 < g < 1).", valueName: "G"))
    var anisotropyG = SkinTransport.defaultAnisotropyG

    @Option(name: .long, help: ArgumentHelp("Monte Carlo: random seed.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(
        name: .long, help: ArgumentHelp("Monte Carlo: worker threads (default: the active processors).", valueName: "N")
    )
    var jobs: Int?

    @Flag(
        name: .customLong("no-cache"),
        help: "Monte Carlo: neither read nor store results in $XDG_CACHE_HOME/pdtsim (else ~/.cache/pdtsim).")
    var noCache = false

    @OptionGroup var library: LibraryOptions

    @Option(name: .long, help: ArgumentHelp("The CSV file to write.", valueName: "FILE.csv"))
    var out: String

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        if photons < 1 { throw ValidationError("--photons \(photons): expected a whole number ≥ 1") }
        if !(mcStepNM >= 0 && mcStepNM.isFinite) {
            throw ValidationError("--mc-step-nm \(mcStepNM): expected a number ≥ 0 (0: every wavelength)")
        }
        if !(anisotropyG > -1 && anisotropyG < 1) {
            throw ValidationError("--anisotropy-g \(anisotropyG): expected a number > -1 and < 1")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs): expected a whole number ≥ 1") }
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
        let options = MonteCarloOptics(
            photons: photons, seed: seed, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            stepNM: mcStepNM > 0 ? mcStepNM : nil, anisotropyG: anisotropyG,
            cache: noCache
                ? nil
                : TransportCache(
                    directory: TransportCache.defaultDirectory(environment: ProcessInfo.processInfo.environment)))
        try AtomicOutput.write(table.table(model: opticsModel, monteCarlo: options).text, to: out)
        if !quiet { print("wrote \(out): \(table.wavelengths.count) wavelengths, skin \(skin)") }
    }
}
