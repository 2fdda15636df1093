import Foundation
import PDTCore
import PDTNumerics

/// The model file of a layered medium (`kind: "medium"`, format version 1), for the light
/// transport alone:
///
///     {"format_version": 1, "kind": "medium", "name": "…", "description": "…",
///      "parameters": {
///        "ambient_above_refractive_index": {"value": 1, "unit": "1", "source": "…"},
///        "ambient_below_refractive_index": {"value": 1, "unit": "1", "source": "…"},
///        "layers": [{"refractive_index": {…}, "mua_per_cm": {…}, "mus_per_cm": {…},
///                    "anisotropy_g": {…}, "thickness_cm": {…}}, …]}}
///
/// Layers run from the surface down; only the last may leave out `thickness_cm` (semi-infinite).
/// Every number is `{value, unit, source}` and checked as every model file's parameters are.
extension ModelFileKind {
    /// A layered medium for the light transport alone (`pdtsim transport`).
    public static let medium = ModelFileKind(
        name: "medium", formatVersions: [1], bodyKeys: ["parameters"], noun: "medium file", folder: "media"
    ) { path, _ throws(ModelError) in _ = try MediumFile.load(path) }
}

public struct MediumFile: Sendable {
    public var name: String
    public var description: String
    public var medium: LayeredMedium

    static let ambientSpecs = [
        ParameterSpec(
            "ambient_above_refractive_index", .number(.closed(1, 3)), unit: "1",
            "refractive index of the medium above the surface"),
        ParameterSpec(
            "ambient_below_refractive_index", .number(.closed(1, 3)), unit: "1",
            "refractive index of the medium below the last layer"),
    ]

    static let layerSpecs = [
        ParameterSpec("refractive_index", .number(.closed(1, 3)), unit: "1", "refractive index n"),
        ParameterSpec("mua_per_cm", .number(.nonNegative), unit: "1/cm", "absorption coefficient μa"),
        ParameterSpec("mus_per_cm", .number(.nonNegative), unit: "1/cm", "scattering coefficient μs"),
        ParameterSpec("anisotropy_g", .number(.open(-1, 1)), unit: "1", "Henyey–Greenstein anisotropy g"),
        ParameterSpec(
            "thickness_cm", .number(.positive), unit: "cm", required: false,
            "thickness; omitted for a semi-infinite last layer"),
    ]

    /// Reads and validates the medium file at `path`.
    /// - Throws: `ModelError` naming the file, the key path, the value and what was expected.
    public static func load(_ path: String) throws(ModelError) -> MediumFile {
        let document = try ModelLibrary.readDocument(path, expected: .medium)
        let object = document.body
        let name = document.name
        let description = document.description
        guard case .object(let parameters)? = object["parameters"] else {
            throw ModelError(
                "\(path): parameters",
                "\(object["parameters"]?.kindName ?? "missing"); expected an object with ambient_above_refractive_index, ambient_below_refractive_index and layers"
            )
        }
        let keys = ambientSpecs.map(\.key) + ["layers"]
        for key in parameters.keys.sorted() where !keys.contains(key) {
            throw ModelError(
                "\(path): parameters.\(key)",
                "unknown medium parameter\(suggestion(key, among: keys)); expected one of \(keys.joined(separator: ", "))"
            )
        }
        let ambient = try numbers(parameters, specs: ambientSpecs, path: path, keyPath: "parameters")
        guard case .array(let entries)? = parameters["layers"], !entries.isEmpty else {
            throw ModelError(
                "\(path): parameters.layers",
                "\(parameters["layers"].map { $0.kindName == "a list" ? "an empty list" : $0.kindName } ?? "missing"); expected a list of at least one layer object, from the surface down"
            )
        }
        var layers: [MediumLayer] = []
        for (index, entry) in entries.enumerated() {
            let keyPath = "parameters.layers[\(index)]"
            guard case .object(let fields) = entry else {
                throw ModelError("\(path): \(keyPath)", "is \(entry.kindName); expected an object of layer parameters")
            }
            let layerKeys = layerSpecs.map(\.key)
            for key in fields.keys.sorted() where !layerKeys.contains(key) {
                throw ModelError(
                    "\(path): \(keyPath).\(key)",
                    "unknown layer parameter\(suggestion(key, among: layerKeys)); expected one of \(layerKeys.joined(separator: ", "))"
                )
            }
            let values = try numbers(fields, specs: layerSpecs, path: path, keyPath: keyPath)
            let isLast = index == entries.count - 1
            if values["thickness_cm"] == nil && !isLast {
                throw ModelError(
                    "\(path): \(keyPath).thickness_cm",
                    "is missing; expected a thickness in cm > 0 (only the last layer may be semi-infinite)")
            }
            let layer = MediumLayer(
                refractiveIndex: values["refractive_index"]!, muaPerCm: values["mua_per_cm"]!,
                musPerCm: values["mus_per_cm"]!, anisotropyG: values["anisotropy_g"]!,
                thicknessCm: values["thickness_cm"])
            guard layer.mutPerCm > 0 else {
                throw ModelError(
                    "\(path): \(keyPath)",
                    "mua_per_cm + mus_per_cm is 0; expected a layer that absorbs or scatters (μa + μs > 0)")
            }
            layers.append(layer)
        }
        let medium = LayeredMedium(
            ambientAboveIndex: ambient["ambient_above_refractive_index"]!,
            ambientBelowIndex: ambient["ambient_below_refractive_index"]!, layers: layers)
        return MediumFile(name: name, description: description, medium: medium)
    }

    /// The numbers of `specs` in `object`, each parsed and checked; required ones must be present.
    package static func numbers(
        _ object: JSONObject, specs: [ParameterSpec], path: String, keyPath: String
    ) throws(ModelError) -> [String: Double] {
        var result: [String: Double] = [:]
        for spec in specs {
            guard let entry = object[spec.key] else {
                if spec.required {
                    throw ModelError(
                        "\(path): \(keyPath).\(spec.key)", "is missing; expected \(spec.expectation) (\(spec.meaning))")
                }
                continue
            }
            let parameter = try spec.parse(
                entry, location: "\(path): \(keyPath).\(spec.key)", origin: path, baseDirectory: "")
            guard case .number(let value) = parameter.value else { continue }
            result[spec.key] = value
        }
        return result
    }
}
