import Foundation

/// The parameters of one section as set, with where each came from.
public struct SectionValues: Sendable, Equatable {
    public var section: Section
    /// The preset the section started from, if any.
    public var preset: String?
    public var values: [String: Parameter]

    public init(section: Section, preset: String? = nil, values: [String: Parameter] = [:]) {
        self.section = section
        self.preset = preset
        self.values = values
    }

    /// Sets `key`, keeping the section's exclusive groups consistent: a light's fluence and
    /// duration replace each other (the one set is held); a new spectrum shape drops the keys of
    /// other shapes; an explicit session-day list and the regular series keys replace each other.
    public mutating func assign(_ key: String, _ parameter: Parameter) {
        switch (section, key) {
        case (.light, "fluence_J_per_cm2"): values["duration_s"] = nil
        case (.light, "duration_s"): values["fluence_J_per_cm2"] = nil
        case (.light, "spectrum"):
            if case .text(let shape) = parameter.value {
                let keep = Set(Section.shapeKeys[shape] ?? [])
                for other in Section.shapeKeys.values.joined() where !keep.contains(other) { values[other] = nil }
            }
        case (.schedule, "session_days"): for other in Section.seriesKeys { values[other] = nil }
        case (.schedule, let k) where Section.seriesKeys.contains(k): values["session_days"] = nil
        default: break
        }
        values[key] = parameter
    }

    /// Sets every parameter of `other` in turn (spectrum first, so its shape keys survive).
    public mutating func overlay(_ other: [String: Parameter]) {
        for key in other.keys.sorted(by: { ($0 == "spectrum" ? 0 : 1, $0) < ($1 == "spectrum" ? 0 : 1, $1) }) {
            assign(key, other[key]!)
        }
    }

    /// Checks that one object of parameters does not set both sides of an exclusive group.
    static func checkExclusive(_ values: [String: Parameter], section: Section, location: String) throws(ModelError) {
        if section == .light && values["fluence_J_per_cm2"] != nil && values["duration_s"] != nil {
            throw ModelError(
                location,
                "sets both fluence_J_per_cm2 and duration_s; expected one of them, the quantity held per session")
        }
        if section == .schedule && values["session_days"] != nil
            && Section.seriesKeys.contains(where: { values[$0] != nil })
        {
            throw ModelError(
                location,
                "sets session_days and the series keys (\(Section.seriesKeys.joined(separator: ", "))); expected one or the other"
            )
        }
    }

    func location(_ key: String) -> String { "\(values[key]?.origin ?? "?"): \(section.rawValue).\(key)" }

    func number(_ key: String) -> Double {
        guard case .number(let n)? = values[key]?.value else {
            preconditionFailure("\(section).\(key) is not a number")
        }
        return n
    }

    func integer(_ key: String) -> Int { Int(number(key)) }

    func text(_ key: String) -> String {
        guard case .text(let s)? = values[key]?.value else { preconditionFailure("\(section).\(key) is not text") }
        return s
    }

    func flag(_ key: String) -> Bool {
        guard case .flag(let b)? = values[key]?.value else { preconditionFailure("\(section).\(key) is not a flag") }
        return b
    }

    func integers(_ key: String) -> [Int]? {
        guard case .list(let l)? = values[key]?.value else { return nil }
        return l.map { Int($0) }
    }

    /// The typed light source of a complete, validated light section.
    func lightSource() -> LightSource {
        precondition(section == .light, "\(section) is not a light section")
        let shape: SpectrumShape
        switch text("spectrum") {
        case "gaussian": shape = .gaussian(centerNM: number("center_nm"), fwhmNM: number("fwhm_nm"))
        case "band": shape = .band(lowNM: number("low_nm"), highNM: number("high_nm"))
        case "solar": shape = .solar
        default: shape = .tabulated(path: text("table"))
        }
        let dose: LightDose =
            values["fluence_J_per_cm2"] != nil
            ? .fluence(joulesPerCm2: number("fluence_J_per_cm2")) : .duration(seconds: number("duration_s"))
        let fractionation =
            values["fraction_on_s"] != nil
            ? Fractionation(onSeconds: number("fraction_on_s"), offSeconds: number("fraction_off_s")) : nil
        return LightSource(
            shape: shape, irradianceMWPerCm2: number("irradiance_mW_per_cm2"), dose: dose, fractionation: fractionation)
    }

    /// Checks the section is complete and consistent on its own. `location` names where a missing
    /// key should have been given.
    public func validate(location: String) throws(ModelError) {
        for spec in section.specs where spec.required && values[spec.key] == nil {
            throw ModelError(
                location, "\(section.rawValue).\(spec.key) is missing; expected \(spec.expectation) (\(spec.meaning))")
        }
        switch section {
        case .light: try validateLight(location: location)
        case .skin:
            let epi = number("epidermis_thickness_cm")
            let top = number("sebaceous_top_cm")
            let bottom = number("sebaceous_bottom_cm")
            guard epi < top else {
                throw ModelError(
                    self.location("sebaceous_top_cm"),
                    "\(formatNumber(top)) cm is not below the epidermis (epidermis_thickness_cm = \(formatNumber(epi)) cm); expected 0 < d_epi < z_top < z_bottom"
                )
            }
            guard top < bottom else {
                throw ModelError(
                    self.location("sebaceous_bottom_cm"),
                    "\(formatNumber(bottom)) cm is not below sebaceous_top_cm = \(formatNumber(top)) cm; expected z_top < z_bottom"
                )
            }
        case .solver:
            if number("relative_tolerance") == 0 && number("absolute_tolerance_uM") == 0 {
                throw ModelError(
                    self.location("absolute_tolerance_uM"), "both tolerances are 0; expected at least one > 0")
            }
            if number("response_relative_tolerance") == 0 && number("response_absolute_tolerance") == 0 {
                throw ModelError(
                    self.location("response_absolute_tolerance"),
                    "both response tolerances are 0; expected at least one > 0")
            }
        case .schedule: try validateSchedule(location: location)
        default: break
        }
    }

    private func validateLight(location: String) throws(ModelError) {
        let shape = text("spectrum")
        let needed = Section.shapeKeys[shape] ?? []
        for key in needed where values[key] == nil {
            throw ModelError(
                location,
                "light.\(key) is missing; expected it with spectrum \(shape) (\(section.spec(key)!.expectation))")
        }
        for key in Section.shapeKeys.values.joined() where values[key] != nil && !needed.contains(key) {
            throw ModelError(
                self.location(key),
                "does not apply to spectrum \(shape); expected only \(needed.isEmpty ? "no shape keys" : needed.joined(separator: ", ")) with it"
            )
        }
        if values["fluence_J_per_cm2"] == nil && values["duration_s"] == nil {
            throw ModelError(
                location, "light needs fluence_J_per_cm2 or duration_s; expected the quantity held per session")
        }
        if (values["fraction_on_s"] == nil) != (values["fraction_off_s"] == nil) {
            let given = values["fraction_on_s"] != nil ? "fraction_on_s" : "fraction_off_s"
            throw ModelError(self.location(given), "light fractionation needs both fraction_on_s and fraction_off_s")
        }
        if shape == "band" && number("low_nm") > number("high_nm") {
            throw ModelError(
                self.location("high_nm"),
                "\(formatNumber(number("high_nm"))) nm is below low_nm = \(formatNumber(number("low_nm"))) nm; expected low_nm ≤ high_nm"
            )
        }
        try validateSpectrumPower(shape: shape)
    }

    /// Checks that a gaussian or band spectrum puts power on some 1 nm bin of 380–800 nm (Models/MODEL.md
    /// §2), blaming the key whose value moved it off the bins, where that key was set.
    private func validateSpectrumPower(shape: String) throws(ModelError) {
        let bins = SpectrumShape.binRange
        switch shape {
        case "gaussian":
            let center = number("center_nm")
            let fwhm = number("fwhm_nm")
            if fwhm == 0 {
                guard SpectralGrid.first <= center && center <= SpectralGrid.last else {
                    throw ModelError(
                        self.location("center_nm"),
                        "a zero-width line at \(formatNumber(center)) nm has no power on \(bins) nm; expected a center within that range"
                    )
                }
            } else if !SpectrumShape.gaussianWeights(centerNM: center, fwhmNM: fwhm).contains(where: { $0 > 0 }) {
                throw ModelError(
                    self.location(
                        SpectralGrid.first <= center && center <= SpectralGrid.last ? "fwhm_nm" : "center_nm"),
                    "a gaussian at \(formatNumber(center)) nm with fwhm_nm = \(formatNumber(fwhm)) nm has no power on \(bins) nm (its weight underflows to 0 on every 1 nm bin); expected some power there: a center nearer that range or a wider line"
                )
            }
        case "band":
            let low = number("low_nm")
            let high = number("high_nm")
            guard SpectrumShape.bandWeights(lowNM: low, highNM: high).contains(where: { $0 > 0 }) else {
                throw ModelError(
                    self.location(high < SpectralGrid.first ? "high_nm" : "low_nm"),
                    "the band \(formatNumber(low))–\(formatNumber(high)) nm has no power on \(bins) nm (no whole wavelength of the 1 nm bins lies within it); expected some power there: a band holding a wavelength in \(bins) nm"
                )
            }
        default: break
        }
    }

    private func validateSchedule(location: String) throws(ModelError) {
        if let days = integers("session_days") {
            guard !days.isEmpty else {
                throw ModelError(self.location("session_days"), "is empty; expected at least one session day")
            }
            for (a, b) in zip(days, days.dropFirst()) where b <= a {
                throw ModelError(
                    self.location("session_days"), "day \(b) follows day \(a); expected strictly increasing days")
            }
        } else {
            for key in Section.seriesKeys where values[key] == nil {
                throw ModelError(
                    location, "schedule.\(key) is missing; expected it, or an explicit schedule.session_days list")
            }
        }
    }
}

/// Parsing of parameter values from JSON and from `--set` text.
extension ParameterSpec {
    /// Checks a value against the kind's type, bounds, integrality and choices. `written` is a
    /// number as the user wrote it (`1e400` in a file, `'1e400'` after `--set`), shown in messages
    /// instead of the value it became.
    func check(_ value: ParameterValue, location: String, written: String? = nil) throws(ModelError) {
        func fail(_ shown: String) -> ModelError {
            ModelError(location, "\(shown) is not valid; expected \(expectation)")
        }
        switch (kind, value) {
        case (.number(let b), .number(let n)):
            guard n.isFinite else {
                throw ModelError(location, "\(written ?? formatNumber(n)) is not finite; expected \(expectation)")
            }
            guard b.contains(n) else { throw fail(written ?? formatNumber(n)) }
        case (.integer(let b), .number(let n)):
            guard n.isFinite, n == n.rounded(), b.contains(n) else { throw fail(written ?? formatNumber(n)) }
        case (.choice(let options), .text(let s)):
            guard options.contains(s) else { throw fail("'\(s)'") }
        case (.flag, .flag): break
        case (.path, .text(let s)):
            guard !s.isEmpty else { throw fail("''") }
        case (.integerList(let b), .list(let l)):
            for n in l where !(n.isFinite && n == n.rounded() && b.contains(n)) { throw fail(formatNumber(n)) }
        default:
            throw fail(value.rendered)
        }
    }

    /// Reads a parameter from its JSON form `{"value": …, "unit": "…", "source": "…"}`.
    func parse(
        _ json: JSONValue, location: String, origin: String, baseDirectory: String
    ) throws(ModelError) -> Parameter {
        guard case .object(let entry) = json else {
            throw ModelError(
                location,
                "is \(json.kindName); expected an object {\"value\": …, \(unit.map { "\"unit\": \"\($0)\", " } ?? "")\"source\": \"…\"}"
            )
        }
        for key in entry.keys.sorted() where !["value", "unit", "source"].contains(key) {
            throw ModelError(
                "\(location).\(key)", "unknown key; expected only value\(unit == nil ? "" : ", unit") and source")
        }
        guard let raw = entry["value"] else { throw ModelError(location, "value is missing; expected \(expectation)") }
        switch (unit, entry["unit"]) {
        case (let expected?, .string(let given)?):
            guard given == expected else {
                throw ModelError("\(location).unit", "'\(given)' is the wrong unit; expected '\(expected)'")
            }
        case (let expected?, let other?):
            throw ModelError("\(location).unit", "is \(other.kindName); expected the string '\(expected)'")
        case (let expected?, nil):
            throw ModelError(location, "unit is missing; expected \"unit\": \"\(expected)\"")
        case (nil, .some):
            throw ModelError("\(location).unit", "this parameter takes no unit; expected no unit key")
        case (nil, nil): break
        }
        guard case .string(let source)? = entry["source"], !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ModelError(
                location, "source is missing or empty; expected a string saying where the value comes from")
        }
        let value: ParameterValue
        var written: String?
        switch (kind, raw) {
        case (.number, .number(let n)), (.integer, .number(let n)):
            value = .number(n.value)
            written = n.text
        case (.choice, .string(let s)): value = .text(s)
        case (.path, .string(let s)):
            value = .text(
                s.hasPrefix("/")
                    ? s : URL(fileURLWithPath: baseDirectory).appendingPathComponent(s).standardizedFileURL.path)
        case (.flag, .bool(let b)): value = .flag(b)
        case (.integerList, .array(let items)):
            var numbers: [Double] = []
            for item in items {
                guard case .number(let n) = item else {
                    throw ModelError(
                        "\(location).value", "\(item.rendered) is \(item.kindName); expected \(expectation)")
                }
                numbers.append(n.value)
            }
            value = .list(numbers)
        default:
            throw ModelError("\(location).value", "\(raw.rendered) is \(raw.kindName); expected \(expectation)")
        }
        try check(value, location: "\(location).value", written: written)
        return Parameter(value: value, unit: unit, source: source, origin: origin)
    }

    /// Reads a parameter from `--set` text, in the unit the key names.
    func parse(text: String, location: String) throws(ModelError) -> Parameter {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: ParameterValue
        switch kind {
        case .number, .integer:
            guard let n = Double(trimmed) else {
                throw ModelError(location, "'\(text)' is not a number; expected \(expectation)")
            }
            value = .number(n)
        case .choice: value = .text(trimmed)
        case .path:
            value = .text(URL(fileURLWithPath: trimmed).standardizedFileURL.path)
        case .flag:
            guard let b = Bool(trimmed) else {
                throw ModelError(location, "'\(text)' is not valid; expected \(expectation)")
            }
            value = .flag(b)
        case .integerList:
            var numbers: [Double] = []
            for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = Double(item.trimmingCharacters(in: .whitespaces)) else {
                    throw ModelError(location, "'\(item)' is not a number; expected \(expectation)")
                }
                numbers.append(n)
            }
            value = .list(numbers)
        }
        try check(value, location: location, written: "'\(trimmed)'")
        return Parameter(value: value, unit: unit, source: "set on the command line", origin: "--set")
    }
}
