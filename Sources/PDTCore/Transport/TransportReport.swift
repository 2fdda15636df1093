import PDTNumerics

/// The files `pdtsim transport` writes: `summary.json` and `fluence.csv`.
public struct TransportReport: Sendable {
    public var result: TransportResult
    /// The medium file the run read, and its name.
    public var mediumPath: String
    public var mediumName: String

    public init(result: TransportResult, mediumPath: String, mediumName: String) {
        self.result = result
        self.mediumPath = mediumPath
        self.mediumName = mediumName
    }

    /// Every result with its standard error (`<key>_standard_error`, null where there is only one
    /// batch), the run's settings and the versions.
    public var summary: JSONOutput {
        let r = result
        func number(_ x: Double) -> JSONOutput { x.isFinite ? .number(x) : .null }
        func pair(_ key: String, _ e: Estimate) -> [(String, JSONOutput)] {
            [(key, number(e.value)), ("\(key)_standard_error", number(e.standardError))]
        }
        var stop: [(String, JSONOutput)] = []
        if case .targetRSE(let target, let quantity, let cap) = r.settings.stop {
            stop = [
                ("target_relative_standard_error", .number(target)), ("target_quantity", .string(quantity.rawValue)),
                ("max_photons", .integer(cap)),
            ]
        }
        return .object(
            [
                ("specular_reflectance", number(r.specularReflectance)),
                ("specular_reflectance_standard_error", .number(0)),
            ]
                + pair("diffuse_reflectance", r.diffuseReflectance)
                + pair(
                    "total_reflectance",
                    Estimate(
                        value: r.specularReflectance + r.diffuseReflectance.value,
                        standardError: r.diffuseReflectance.standardError))
                + pair("transmittance", r.transmittance)
                + pair("absorbed_fraction", r.absorbedFraction)
                + [
                    ("absorbed_fraction_by_layer", .array(r.absorbedFractionByLayer.map { number($0.value) })),
                    (
                        "absorbed_fraction_by_layer_standard_error",
                        .array(r.absorbedFractionByLayer.map { number($0.standardError) })
                    ),
                    ("photons", .integer(r.photons)), ("batches", .integer(r.batches)),
                    ("batch_photons", .integer(r.settings.batchPhotons)),
                    (
                        "seed",
                        r.settings.seed <= UInt64(Int.max)
                            ? .integer(Int(r.settings.seed)) : .string(String(r.settings.seed))
                    ),
                ] + stop + [
                    ("fluence_bin_cm", .number(r.settings.binCm)), ("fluence_bins", .integer(r.settings.bins)),
                    ("boundary_reflection", .string("all-or-none (MCML default, PARTIALREFLECTION 0)")),
                    ("medium", .string(mediumName)), ("medium_file", .string(mediumPath)),
                    (
                        "versions",
                        .object([
                            ("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version)),
                        ])
                    ),
                ])
    }

    /// `depth_cm` (bin centre), `fluence_per_incident` (φ/E, dimensionless) and its standard error.
    public var fluence: CSVTable {
        var table = CSVTable(header: ["depth_cm", "fluence_per_incident", "standard_error"])
        for (i, e) in result.fluence.enumerated() {
            table.append([
                .number(result.depthCm(bin: i)), .number(e.value),
                e.standardError.isFinite ? .number(e.standardError) : .missing,
            ])
        }
        return table
    }

    /// The output folder's files, by name.
    public var files: [(name: String, contents: String)] {
        [("summary.json", summary.text() + "\n"), ("fluence.csv", fluence.text)]
    }
}
