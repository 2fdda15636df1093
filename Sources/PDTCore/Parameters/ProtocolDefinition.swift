import Foundation

/// A protocol as read from model files and overrides: every section's parameters with their
/// provenance. `resolve` turns it into the typed `TreatmentProtocol` the simulator runs.
public struct ProtocolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The file the protocol came from.
    public var origin: String
    public var sections: [Section: SectionValues]

    public init(name: String, description: String, origin: String, sections: [Section: SectionValues]) {
        self.name = name
        self.description = description
        self.origin = origin
        self.sections = sections
    }

    /// Applies `--set KEY=VALUE` overrides in order, then validates the protocol once (so that keys
    /// which only make sense together, such as fraction_on_s and fraction_off_s, can be given
    /// together). `section.key=value` sets one parameter in the unit the key names;
    /// `section=preset` replaces a whole section by a preset.
    public mutating func apply(_ assignments: [String], library: ModelLibrary) throws(ModelError) {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ModelError("--set \(assignment)", "expected KEY=VALUE, e.g. light.center_nm=633")
            }
            let path = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...])
            try set(path: path, text: text, library: library)
        }
        try validate()
    }

    /// Sets one key path to a value given as text, without re-validating the whole protocol.
    public mutating func set(path: String, text: String, library: ModelLibrary) throws(ModelError) {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        let sectionNames = Section.allCases.map(\.rawValue)
        guard let first = parts.first, let section = Section(rawValue: first) else {
            throw ModelError(
                "--set \(path)",
                "unknown section '\(parts.first ?? "")'\(ModelLibrary.suggestion(parts.first ?? "", among: sectionNames)); expected KEY as SECTION.PARAMETER or SECTION with SECTION one of \(sectionNames.joined(separator: ", "))"
            )
        }
        if parts.count == 1 {
            let preset = text.trimmingCharacters(in: .whitespaces)
            do {
                sections[section] = try library.loadSection(section, preset: preset)
            } catch let error where error.location == section.rawValue {
                throw ModelError("--set \(path)", error.problem)
            }
            return
        }
        let key = parts[1]
        guard let spec = section.spec(key) else {
            let keys = section.specs.map(\.key)
            throw ModelError(
                "--set \(path)",
                "unknown \(section.rawValue) parameter '\(key)'\(ModelLibrary.suggestion(key, among: keys)); expected one of \(keys.map { "\(section.rawValue).\($0)" }.joined(separator: ", "))"
            )
        }
        let parameter = try spec.parse(text: text, location: "--set \(path)")
        sections[section, default: SectionValues(section: section)].assign(key, parameter)
    }

    /// Checks every section and the constraints between them.
    public func validate() throws(ModelError) {
        for section in Section.allCases {
            guard let values = sections[section] else {
                throw ModelError(origin, "\(section.rawValue) is missing; expected a preset name or an inline section")
            }
            try values.validate(location: origin)
        }
        let skin = sections[.skin]!
        let grid = sections[.grid]!
        let bottom = skin.number("sebaceous_bottom_cm")
        let depth = grid.number("depth_cm")
        guard bottom <= depth else {
            throw ModelError(
                skin.location("sebaceous_bottom_cm"),
                "\(formatNumber(bottom)) cm lies below the grid (grid.depth_cm = \(formatNumber(depth)) cm); expected z_bottom ≤ L"
            )
        }
        let schedule = sections[.schedule]!
        let days = typedSchedule.days
        let horizon = schedule.integer("horizon_days")
        let aftercareDays = sections[.session]!.number("aftercare_h") / 24
        let scheduleKey = schedule.values["session_days"] != nil ? "session_days" : "spacing_days"
        for (a, b) in zip(days, days.dropFirst()) where Double(b - a) < aftercareDays {
            throw ModelError(
                schedule.location(scheduleKey),
                "sessions on days \(a) and \(b) are closer than the after-care (\(formatNumber(aftercareDays)) days); expected sessions at least that far apart"
            )
        }
        if let last = days.last, last >= horizon {
            throw ModelError(
                schedule.location(scheduleKey),
                "a session falls on day \(last), not before the horizon (horizon_days = \(horizon)); expected every session day < horizon_days"
            )
        }
        let readouts = sections[.readouts]!
        let evaluation = readouts.integer("evaluation_day")
        guard evaluation <= horizon else {
            throw ModelError(
                readouts.location("evaluation_day"),
                "day \(evaluation) lies beyond the horizon (schedule.horizon_days = \(horizon)); expected an evaluation day ≤ horizon"
            )
        }
    }

    var typedSchedule: Schedule {
        let s = sections[.schedule]!
        let explicit = s.integers("session_days")
        return Schedule(
            initialSessions: explicit == nil ? s.integer("initial_sessions") : explicit!.count,
            spacingDays: explicit == nil ? s.integer("spacing_days") : 0,
            maintenanceIntervalDays: explicit == nil ? s.integer("maintenance_interval_days") : 0,
            horizonDays: s.integer("horizon_days"), sessionDays: explicit)
    }

    /// The typed protocol. Preconditions are those `validate()` checks; it is called first.
    public func resolve(library: ModelLibrary) throws(ModelError) -> TreatmentProtocol {
        try validate()
        let c = sections[.cream]!
        let l = sections[.light]!
        let s = sections[.skin]!
        let g = sections[.grid]!
        let k = sections[.kinetics]!
        let r = sections[.response]!
        let v = sections[.solver]!
        let e = sections[.session]!
        let o = sections[.readouts]!
        return TreatmentProtocol(
            name: name,
            cream: Cream(
                concentrationPercent: c.number("concentration_percent"),
                molarMassGPerMol: c.number("molar_mass_g_per_mol"),
                densityGPerML: c.number("density_g_per_mL"), permeabilityCmPerS: c.number("permeability_cm_per_s")),
            light: l.lightSource(),
            skin: Skin(
                epidermisThicknessCm: s.number("epidermis_thickness_cm"), sebaceousTopCm: s.number("sebaceous_top_cm"),
                sebaceousBottomCm: s.number("sebaceous_bottom_cm"), melaninFraction: s.number("melanin_fraction"),
                melaninPathFactor: s.number("melanin_path_factor"), bloodFraction: s.number("blood_fraction"),
                bloodOxygenSaturation: s.number("blood_oxygen_saturation"), waterFraction: s.number("water_fraction"),
                scatteringAPerCm: s.number("scattering_a_per_cm"), scatteringB: s.number("scattering_b"),
                refractiveIndex: s.number("refractive_index"),
                melanosomeMuA500PerCm: s.number("melanosome_mua_500nm_per_cm"),
                melanosomeExponent: s.number("melanosome_exponent"),
                baselineOffsetPerCm: s.number("baseline_mua_offset_per_cm"),
                baselineAmplitudePerCm: s.number("baseline_mua_amplitude_per_cm"),
                baselineCenterNM: s.number("baseline_mua_center_nm"), baselineScaleNM: s.number("baseline_mua_scale_nm")
            ),
            grid: DepthGrid(depthCm: g.number("depth_cm"), cells: g.integer("cells"), ratio: g.number("ratio")),
            kinetics: Kinetics(
                prodrugDiffusionCm2PerS: k.number("prodrug_diffusion_cm2_per_s"),
                prodrugEliminationPerS: k.number("prodrug_elimination_per_s"),
                michaelisConstantUM: k.number("michaelis_constant_uM"),
                synthesisEpidermisUMPerS: k.number("synthesis_epidermis_uM_per_s"),
                synthesisSebaceousUMPerS: k.number("synthesis_sebaceous_uM_per_s"),
                synthesisDermisUMPerS: k.number("synthesis_dermis_uM_per_s"),
                ppixHalfLifeH: k.number("ppix_half_life_h"),
                singletOxygenYield: k.number("singlet_oxygen_yield"),
                oxygenHalfSaturationUM: k.number("oxygen_half_saturation_uM"),
                bleachingPerUM: k.number("bleaching_per_uM"),
                bleachingOffsetUM: k.number("bleaching_offset_uM"), oxygenBaselineUM: k.number("oxygen_baseline_uM"),
                oxygenSupplyEpidermisUMPerS: k.number("oxygen_supply_epidermis_uM_per_s"),
                oxygenSupplyDermisUMPerS: k.number("oxygen_supply_dermis_uM_per_s"),
                oxygenDiffusionCm2PerS: k.number("oxygen_diffusion_cm2_per_s")),
            response: Response(
                tauSebaceousDays: r.number("tau_sebaceous_days"),
                tauInflammationDays: r.number("tau_inflammation_days"),
                tauPoreDays: r.number("tau_pore_days"), tauFlareDays: r.number("tau_flare_days"),
                killMax: r.number("kill_max"), killHill: r.number("kill_hill"), killD50UM: r.number("kill_d50_uM"),
                reductionMax: r.number("reduction_max"), flareAmplitude: r.number("flare_amplitude"),
                flareD50UM: r.number("flare_d50_uM"), flareVisibility: r.number("flare_visibility")),
            session: SessionSettings(
                incubationSeconds: e.number("incubation_s"), creamOnDuringLight: e.flag("cream_on_during_light"),
                aftercareHours: e.number("aftercare_h"),
                photosensitivityThresholdUM: o.number("photosensitivity_threshold_uM")),
            solver: SolverSettings(
                stepper: ODEStepper(rawValue: v.text("stepper"))!, relativeTolerance: v.number("relative_tolerance"),
                absoluteToleranceUM: v.number("absolute_tolerance_uM"), initialStepS: v.number("initial_step_s"),
                maxSteps: v.integer("max_steps"), responseStepper: ODEStepper(rawValue: v.text("response_stepper"))!,
                responseRelativeTolerance: v.number("response_relative_tolerance"),
                responseAbsoluteTolerance: v.number("response_absolute_tolerance")),
            schedule: typedSchedule,
            readouts: ReadoutSettings(
                evaluationDay: o.integer("evaluation_day"), targetPercent: o.number("target_percent")))
    }

    /// The protocol as a model file with every section inline: loading it gives this protocol back.
    public var json: JSONOutput {
        var pairs: [(String, JSONOutput)] = [
            ("format_version", .integer(ModelLibrary.formatVersion)), ("kind", .string("protocol")),
            ("name", .string(name)), ("description", .string(description)),
        ]
        for section in Section.allCases {
            guard let values = sections[section] else { continue }
            var parameters: [(String, JSONOutput)] = []
            for spec in section.specs {
                guard let p = values.values[spec.key] else { continue }
                var entry: [(String, JSONOutput)] = [("value", p.value.json)]
                if let unit = p.unit { entry.append(("unit", .string(unit))) }
                entry.append(("source", .string(p.source)))
                parameters.append((spec.key, .object(entry)))
            }
            pairs.append((section.rawValue, .object([("parameters", .object(parameters))])))
        }
        return .object(pairs)
    }

    /// The preset each section started from (informational).
    public var presets: [(Section, String)] {
        Section.allCases.compactMap { section in sections[section]?.preset.map { (section, $0) } }
    }
}
