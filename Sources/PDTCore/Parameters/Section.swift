/// The sections of a protocol; each can be a preset model file of its own kind
/// (`Models/<directory>/<name>.json`) or be written inline in a protocol.
public enum Section: String, Sendable, CaseIterable, Codable {
    case cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts

    /// The folder of Models/ that holds this section's presets.
    public var directory: String {
        switch self {
        case .cream: "creams"
        case .light: "lights"
        case .skin: "skins"
        case .grid: "grids"
        case .kinetics: "kinetics"
        case .response: "responses"
        case .solver: "solvers"
        case .session: "sessions"
        case .schedule: "schedules"
        case .readouts: "readouts"
        }
    }

    /// The parameters of this section, in the order they are shown and written.
    public var specs: [ParameterSpec] {
        switch self {
        case .cream: Self.creamSpecs
        case .light: Self.lightSpecs
        case .skin: Self.skinSpecs
        case .grid: Self.gridSpecs
        case .kinetics: Self.kineticsSpecs
        case .response: Self.responseSpecs
        case .solver: Self.solverSpecs
        case .session: Self.sessionSpecs
        case .schedule: Self.scheduleSpecs
        case .readouts: Self.readoutSpecs
        }
    }

    public func spec(_ key: String) -> ParameterSpec? { specs.first { $0.key == key } }

    static let creamSpecs: [ParameterSpec] = [
        .init("concentration_percent", .number(.halfOpen(above: 0, atMost: 100)), unit: "%", "prodrug strength, % w/w"),
        .init("molar_mass_g_per_mol", .number(.positive), unit: "g/mol", "molar mass of the prodrug salt"),
        .init("density_g_per_mL", .number(.positive), unit: "g/mL", "cream density"),
        .init("permeability_cm_per_s", .number(.nonNegative), unit: "cm/s", "stratum-corneum permeability P_sc"),
    ]

    /// Keys that belong to one spectrum shape only.
    static let shapeKeys: [String: [String]] = [
        "gaussian": ["center_nm", "fwhm_nm"], "band": ["low_nm", "high_nm"], "solar": [], "tabulated": ["table"],
    ]

    static let lightSpecs: [ParameterSpec] = [
        .init("spectrum", .choice(["gaussian", "band", "solar", "tabulated"]), unit: nil, "spectral shape"),
        .init("center_nm", .number(.positive), unit: "nm", required: false, "gaussian: centre wavelength"),
        .init(
            "fwhm_nm", .number(.nonNegative), unit: "nm", required: false,
            "gaussian: full width at half maximum; 0 = one line at center_nm"),
        .init("low_nm", .number(.nonNegative), unit: "nm", required: false, "band: lowest wavelength with power"),
        .init("high_nm", .number(.nonNegative), unit: "nm", required: false, "band: highest wavelength with power"),
        .init("table", .path, unit: nil, required: false, "tabulated: CSV with header wavelength_nm,relative_power"),
        .init("irradiance_mW_per_cm2", .number(.positive), unit: "mW/cm2", "total irradiance E_tot on 380–800 nm"),
        .init(
            "fluence_J_per_cm2", .number(.positive), unit: "J/cm2", required: false,
            "incident fluence held per session (or duration_s)"),
        .init(
            "duration_s", .number(.positive), unit: "s", required: false,
            "light-on time held per session (or fluence_J_per_cm2)"),
        .init("fraction_on_s", .number(.positive), unit: "s", required: false, "fractionation: light-on interval"),
        .init("fraction_off_s", .number(.nonNegative), unit: "s", required: false, "fractionation: dark interval"),
    ]

    static let skinSpecs: [ParameterSpec] = [
        .init("epidermis_thickness_cm", .number(.positive), unit: "cm", "epidermis thickness d_epi"),
        .init("sebaceous_top_cm", .number(.positive), unit: "cm", "top of the sebaceous band z_top"),
        .init("sebaceous_bottom_cm", .number(.positive), unit: "cm", "bottom of the sebaceous band z_bottom"),
        .init("melanin_fraction", .number(.unit), unit: "1", "epidermal melanin volume fraction M"),
        .init("melanin_path_factor", .number(.nonNegative), unit: "1", "melanin path factor p_mel"),
        .init("blood_fraction", .number(.unit), unit: "1", "dermal blood volume fraction B"),
        .init("blood_oxygen_saturation", .number(.unit), unit: "1", "blood oxygen saturation S_O2"),
        .init("water_fraction", .number(.unit), unit: "1", "dermal water volume fraction W"),
        .init("scattering_a_per_cm", .number(.positive), unit: "1/cm", "reduced scattering at 500 nm a_s"),
        .init("scattering_b", .number(.nonNegative), unit: "1", "reduced scattering power b_s"),
        .init("refractive_index", .number(.halfOpen(above: 1, atMost: 3)), unit: "1", "tissue refractive index n_t"),
        .init("melanosome_mua_500nm_per_cm", .number(.nonNegative), unit: "1/cm", "melanosome absorption at 500 nm"),
        .init("melanosome_exponent", .number(.nonNegative), unit: "1", "melanosome absorption power law exponent"),
        .init("baseline_mua_offset_per_cm", .number(.nonNegative), unit: "1/cm", "bloodless dermis absorption: offset"),
        .init(
            "baseline_mua_amplitude_per_cm", .number(.nonNegative), unit: "1/cm",
            "bloodless dermis absorption: amplitude"),
        .init("baseline_mua_center_nm", .number(.any), unit: "nm", "bloodless dermis absorption: reference wavelength"),
        .init("baseline_mua_scale_nm", .number(.positive), unit: "nm", "bloodless dermis absorption: decay length"),
    ]

    static let gridSpecs: [ParameterSpec] = [
        .init("depth_cm", .number(.positive), unit: "cm", "grid depth L"),
        .init("cells", .integer(.closed(3, 5000)), unit: "1", "number of cells n_cells"),
        .init("ratio", .number(.closed(1, 2)), unit: "1", "geometric ratio r of neighbouring cell widths"),
    ]

    static let kineticsSpecs: [ParameterSpec] = [
        .init("prodrug_diffusion_cm2_per_s", .number(.nonNegative), unit: "cm2/s", "prodrug diffusion D_a"),
        .init("prodrug_elimination_per_s", .number(.nonNegative), unit: "1/s", "prodrug elimination k_el"),
        .init("michaelis_constant_uM", .number(.positive), unit: "uM", "PpIX synthesis Michaelis constant K_m"),
        .init(
            "synthesis_epidermis_uM_per_s", .number(.nonNegative), unit: "uM/s", "maximal PpIX synthesis V, epidermis"),
        .init(
            "synthesis_sebaceous_uM_per_s", .number(.nonNegative), unit: "uM/s",
            "maximal PpIX synthesis V, sebaceous band (× S_act)"),
        .init(
            "synthesis_dermis_uM_per_s", .number(.nonNegative), unit: "uM/s", "maximal PpIX synthesis V, other dermis"),
        .init("ppix_half_life_h", .number(.positive), unit: "h", "PpIX clearance half-life (k_cl = ln 2 / half-life)"),
        .init("singlet_oxygen_yield", .number(.unit), unit: "1", "q = Φ_Δ α/(1 + α)"),
        .init("oxygen_half_saturation_uM", .number(.positive), unit: "uM", "β"),
        .init("bleaching_per_uM", .number(.nonNegative), unit: "1/uM", "σ, singlet-oxygen-mediated bleaching"),
        .init("bleaching_offset_uM", .number(.nonNegative), unit: "uM", "δ_PS"),
        .init("oxygen_baseline_uM", .number(.positive), unit: "uM", "ground-state oxygen o₀"),
        .init(
            "oxygen_supply_epidermis_uM_per_s", .number(.nonNegative), unit: "uM/s", "vascular O2 supply g, epidermis"),
        .init("oxygen_supply_dermis_uM_per_s", .number(.nonNegative), unit: "uM/s", "vascular O2 supply g, dermis"),
        .init("oxygen_diffusion_cm2_per_s", .number(.nonNegative), unit: "cm2/s", "O2 diffusion D_O2"),
    ]

    static let responseSpecs: [ParameterSpec] = [
        .init("tau_sebaceous_days", .number(.positive), unit: "d", "τ_S, recovery of sebaceous activity"),
        .init("tau_inflammation_days", .number(.positive), unit: "d", "τ_I, inflammation following activity"),
        .init("tau_pore_days", .number(.positive), unit: "d", "τ_P, structural pore remodelling"),
        .init("tau_flare_days", .number(.positive), unit: "d", "τ_F, acute flare chain"),
        .init("kill_max", .number(.unit), unit: "1", "s_max, largest kill fraction per session"),
        .init("kill_hill", .number(.positive), unit: "1", "n_H, Hill exponent of the kill curve"),
        .init("kill_d50_uM", .number(.positive), unit: "uM", "D₅₀, sebaceous dose of half-maximal kill"),
        .init("reduction_max", .number(.unit), unit: "1", "r_max, pore reduction at full suppression"),
        .init("flare_amplitude", .number(.nonNegative), unit: "1", "a_F, flare increment at saturating dose"),
        .init("flare_d50_uM", .number(.positive), unit: "uM", "D₅₀,F, epidermal dose of half-maximal flare"),
        .init("flare_visibility", .number(.nonNegative), unit: "1", "c_F, how much the flare shows in pore appearance"),
    ]

    static let solverSpecs: [ParameterSpec] = [
        .init(
            "stepper", .choice(ODEStepper.allCases.map(\.rawValue)), unit: nil, "GSL stepper of the session kinetics"),
        .init("relative_tolerance", .number(.open(0, 1)), unit: "1", "session kinetics relative tolerance"),
        .init("absolute_tolerance_uM", .number(.nonNegative), unit: "uM", "session kinetics absolute tolerance"),
        .init("initial_step_s", .number(.positive), unit: "s", "first trial step of each phase"),
        .init("max_steps", .integer(.closed(1, 1e9)), unit: "1", "step attempts allowed per integration segment"),
        .init(
            "response_stepper", .choice(ODEStepper.allCases.map(\.rawValue)), unit: nil,
            "GSL stepper of the response model"),
        .init("response_relative_tolerance", .number(.open(0, 1)), unit: "1", "response model relative tolerance"),
        .init("response_absolute_tolerance", .number(.nonNegative), unit: "1", "response model absolute tolerance"),
    ]

    static let sessionSpecs: [ParameterSpec] = [
        .init("incubation_s", .number(.nonNegative), unit: "s", "incubation with the cream on, light off"),
        .init("cream_on_during_light", .flag, unit: nil, "the cream stays on during illumination"),
        .init("aftercare_h", .number(.positive), unit: "h", "after-care followed for residual PpIX"),
    ]

    static let scheduleSpecs: [ParameterSpec] = [
        .init(
            "initial_sessions", .integer(.closed(1, 1000)), unit: "1", required: false, "sessions in the initial series"
        ),
        .init(
            "spacing_days", .integer(.nonNegative), unit: "d", required: false,
            "days between sessions of the initial series"),
        .init(
            "maintenance_interval_days", .integer(.nonNegative), unit: "d", required: false,
            "days between maintenance sessions after the series; 0 = none"),
        .init(
            "session_days", .integerList(.nonNegative), unit: "d", required: false,
            "explicit session days (instead of the series keys)"),
        .init("horizon_days", .integer(.closed(1, 100_000)), unit: "d", "days the response is followed"),
    ]

    static let readoutSpecs: [ParameterSpec] = [
        .init("evaluation_day", .integer(.nonNegative), unit: "d", "evaluation day E of the readouts"),
        .init("target_percent", .number(.any), unit: "%", "target pore reduction T"),
        .init(
            "photosensitivity_threshold_uM", .number(.positive), unit: "uM",
            "epidermal PpIX at or above which skin is photosensitive"),
    ]

    /// Keys of the regular series, which an explicit `session_days` list replaces.
    static let seriesKeys = ["initial_sessions", "spacing_days", "maintenance_interval_days"]
}
