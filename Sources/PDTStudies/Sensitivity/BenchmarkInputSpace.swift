import PDTCore

/// The input space of the Sobol benchmark (`pdtsim benchmark --study sobol`): a cohort's inputs
/// padded to D inputs with uniform ±5 % spreads around the base protocol's values of response and
/// light keys (taken in the order of `paddingKeys`, skipping keys the cohort already varies), so
/// that D = 10 can be timed on the shipped six-input cohort. Every padded value stays inside its
/// key's range for the shipped presets (time constants, kill and flare constants, the light's
/// duration and width are far from their bounds).
extension CohortDefinition {
    /// Candidate keys for padding, in order.
    public static let paddingKeys = [
        "response.tau_sebaceous_days", "response.tau_inflammation_days", "response.tau_pore_days",
        "response.kill_hill", "response.flare_amplitude", "light.duration_s", "light.fwhm_nm",
        "response.tau_flare_days", "response.reduction_max", "response.flare_visibility",
    ]

    /// This cohort, without correlations, with inputs added until it has `dimensions` inputs (or
    /// the padding keys run out).
    public func padded(to dimensions: Int, base: ProtocolDefinition) -> CohortDefinition {
        var result = self
        result.correlation = nil
        for path in Self.paddingKeys where result.dimensions < dimensions && !result.columns.contains(path) {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            guard let section = Section(rawValue: parts[0]), let values = base.sections[section],
                let spec = section.specs.first(where: { $0.key == parts[1] }), values.values[spec.key] != nil
            else { continue }
            let x = values.number(spec)
            guard x > 0 else { continue }
            result.inputs.append(
                Input(
                    section: section, key: parts[1], distribution: .uniform(low: 0.95 * x, high: 1.05 * x),
                    sources: ["benchmark padding: ±5 % around the base value", "as low"]))
        }
        return result
    }
}
