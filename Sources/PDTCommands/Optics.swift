import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

extension OpticsTableModel: ExpressibleByArgument {}

/// `pdtsim optics`: the skin's optical properties and PpIX excitation across wavelengths.
struct Optics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tabulate skin optics per wavelength: μa, μs′, penetration depth, fluence factors, η, PpIX weight.",
        discussion: """
            Columns: wavelength_nm, mua_per_cm, musp_per_cm, penetration_depth_mm, \
            fluence_factor_surface, fluence_factor_at_<d>mm for each --depths-mm value (φ/E, \
            dimensionless), excitation_per_s_per_mW_per_cm2 (η), ppix_weight (ε/ε_max) and \
            melanin_transmission_epidermis (T_mel at the base of the epidermis). Models/MODEL.md §4. The \
            skin is the protocol's (--protocol, --set skin=NAME or --skin NAME). With --optics-model \
            monte_carlo the fluence factors come from the Monte Carlo transport (pdtsim transport) in \
            a two-layer skin: epidermis with melanin as absorption over a semi-infinite dermis, \
            μs = μs′/(1 − g), n_t under air; --target-rse R runs each node (at most 4·10⁶ packets) \
            until f reaches R, on adaptive nodes unless --mc-step-nm is given. The sidecar \
            FILE.csv.json records what was tabulated; an existing FILE.csv is replaced only if pdtsim \
            wrote it (or with --force).
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
        name: .customLong("optics-model"),
        help: ArgumentHelp(
            "diffusion (Models/MODEL.md §4), monte_carlo (the same columns with f by Monte Carlo) or both (adds _mc and _ratio_diffusion_to_mc columns).",
            valueName: "MODEL"))
    var opticsModel: OpticsTableModel = .diffusion

    @OptionGroup var precision: MonteCarloPrecisionOptions

    @Option(
        name: .customLong("mc-step-nm"), parsing: .unconditional,
        help: ArgumentHelp(
            "Monte Carlo: wavelength node spacing in nm (0: every wavelength; default 10, or adaptive nodes with --target-rse); between nodes the ratio f_MC/f_diffusion is interpolated.",
            valueName: "NM"))
    var mcStepNM: Double?

    @Option(
        name: .customLong("anisotropy-g"), parsing: .unconditional,
        help: ArgumentHelp(
            "Monte Carlo: Henyey–Greenstein anisotropy g (−1 < g < 1; default: the skin's anisotropy_g).",
            valueName: "G"))
    var anisotropyG: Double?

    @OptionGroup var jobs: JobsOption

    @Flag(
        name: .customLong("no-cache"),
        help: "Monte Carlo: neither read nor store results in $XDG_CACHE_HOME/pdtsim (else ~/.cache/pdtsim).")
    var noCache = false

    @Option(
        name: .long, help: ArgumentHelp("The CSV file to write (and its sidecar FILE.csv.json).", valueName: "FILE.csv")
    )
    var out: String

    @OptionGroup var replace: ForceOption

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        if let mcStepNM, !(mcStepNM >= 0 && mcStepNM.isFinite) {
            throw InvalidArgument(
                "--mc-step-nm", formatNumber(mcStepNM), expected: "a number ≥ 0 (0: every wavelength)")
        }
        if let anisotropyG, !(anisotropyG > -1 && anisotropyG < 1) {
            throw InvalidArgument("--anisotropy-g", formatNumber(anisotropyG), expected: "a number > −1 and < 1")
        }
        _ = try OpticsTable.depths(depths)
    }

    func run() throws {
        let library = try options.library.load()
        var definition = try options.definition(library)
        if let skin {
            do {
                try definition.apply(
                    Override(section: .skin, reference: skin.trimmingCharacters(in: .whitespaces)), sections: library)
            } catch {
                throw ModelError("--skin \(skin)", error.problem)
            }
        }
        let treatment = try definition.resolve()
        let table = try OpticsTable(
            skin: treatment.skin, data: try library.referenceData(), wavelengths: wavelengths,
            depths: try OpticsTable.depths(depths))
        try OutputTarget.checkFile(out, force: replace.force, inputs: [definition.origin])
        let lock = try OutputLock(output: out, command: "optics")
        defer { lock.release() }
        let nodes: MonteCarloOptics.Nodes =
            switch mcStepNM {
            case nil: precision.targetRSE == nil ? .every(10) : MonteCarloOptics.defaultNodes
            case let step? where step > 0: .every(step)
            default: .all
            }
        let maxPhotons = 4_000_000
        let anisotropyG = self.anisotropyG ?? treatment.skin.anisotropyG
        let monteCarlo = MonteCarloOptics(
            precision: precision.targetRSE.map { .targetRSE($0, maxPhotons: maxPhotons) }
                ?? .photons(precision.photonCount),
            nodes: nodes, seed: precision.seed, jobs: jobs.count, anisotropyG: anisotropyG,
            cache: noCache
                ? nil
                : TransportCache(
                    directory: TransportCache.defaultDirectory(environment: ProcessInfo.processInfo.environment)))
        let csv = table.table(model: opticsModel, monteCarlo: monteCarlo)
        let skinName = definition.presets.first { $0.0 == .skin }?.1 ?? "(inline)"
        var monteCarloSettings: [(String, JSONOutput)] = []
        if opticsModel != .diffusion {
            let stop: [(String, JSONOutput)] =
                precision.targetRSE.map {
                    [("mc_target_rse", .number($0)), ("max_photons_per_node", .integer(maxPhotons))]
                } ?? [("photons", .integer(precision.photonCount))]
            let nodeSetting: JSONOutput =
                switch nodes {
                case .all: .number(0)
                case .every(let step): .number(step)
                case .adaptive: .string("adaptive")
                }
            monteCarloSettings =
                stop + [
                    ("mc_step_nm", nodeSetting), ("anisotropy_g", .number(anisotropyG)),
                    ("seed", .string(String(precision.seed))),
                ]
        }
        let sidecar = JSONOutput.object(
            [
                ("kind", .string("pdtsim optics")), ("protocol", .string(options.protocol)),
                ("set", .array(options.overrides.map { .string($0) })), ("skin", .string(skinName)),
                ("optics_model", .string(opticsModel.rawValue)),
            ] + monteCarloSettings + [
                ("columns", .array(csv.header.map { .string($0) })),
                (
                    "versions",
                    .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
                ),
            ])
        try AtomicOutput.write(sidecar.text() + "\n", to: out + ".json")
        try AtomicOutput.write(csv.text, to: out)
        if !quiet {
            print("wrote \(out): \(table.wavelengths.count) wavelengths, skin \(skinName); sidecar \(out).json")
        }
    }
}
