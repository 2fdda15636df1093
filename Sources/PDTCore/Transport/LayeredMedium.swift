/// One planar layer of a turbid medium.
public struct MediumLayer: Sendable, Equatable {
    /// Refractive index n (dimensionless).
    public var refractiveIndex: Double
    /// Absorption coefficient μa in 1/cm.
    public var muaPerCm: Double
    /// Scattering coefficient μs in 1/cm.
    public var musPerCm: Double
    /// Henyey–Greenstein anisotropy g = ⟨cos θ⟩ (dimensionless, −1 < g < 1).
    public var anisotropyG: Double
    /// Thickness in cm; nil for a semi-infinite last layer.
    public var thicknessCm: Double?

    public init(
        refractiveIndex: Double, muaPerCm: Double, musPerCm: Double, anisotropyG: Double, thicknessCm: Double?
    ) {
        self.refractiveIndex = refractiveIndex
        self.muaPerCm = muaPerCm
        self.musPerCm = musPerCm
        self.anisotropyG = anisotropyG
        self.thicknessCm = thicknessCm
    }

    /// The interaction coefficient μt = μa + μs in 1/cm.
    public var mutPerCm: Double { muaPerCm + musPerCm }
}

/// A stack of planar layers from the surface (z = 0) down, between an ambient medium above and one
/// below, lit by a broad collimated beam at normal incidence (MCML's geometry, in one dimension:
/// for an infinitely wide beam only depth matters).
public struct LayeredMedium: Sendable, Equatable {
    /// Refractive index of the medium above the surface (air: 1).
    public var ambientAboveIndex: Double
    /// Refractive index of the medium below the last layer (irrelevant when it is semi-infinite).
    public var ambientBelowIndex: Double
    /// The layers from the surface down; only the last may be semi-infinite.
    public var layers: [MediumLayer]

    /// Preconditions: at least one layer, every layer but the last finite, μa + μs > 0.
    public init(ambientAboveIndex: Double, ambientBelowIndex: Double, layers: [MediumLayer]) {
        precondition(!layers.isEmpty, "a medium has at least one layer")
        precondition(layers.dropLast().allSatisfy { $0.thicknessCm != nil }, "only the last layer is semi-infinite")
        precondition(layers.allSatisfy { $0.mutPerCm > 0 }, "every layer has μa + μs > 0")
        self.ambientAboveIndex = ambientAboveIndex
        self.ambientBelowIndex = ambientBelowIndex
        self.layers = layers
    }

    /// The specular reflectance at normal incidence, R_sp = ((n₀ − n₁)/(n₀ + n₁))², with n₀ the
    /// ambient index above and n₁ the first layer's (MCML's Rspecular for a turbid first layer).
    public var specularReflectance: Double {
        let r = (ambientAboveIndex - layers[0].refractiveIndex) / (ambientAboveIndex + layers[0].refractiveIndex)
        return r * r
    }

    /// The depth of each layer's top in cm, and of the bottom of the last (+∞ when semi-infinite).
    public var boundariesCm: [Double] {
        var depths = [0.0]
        for layer in layers { depths.append(depths.last! + (layer.thicknessCm ?? .infinity)) }
        return depths
    }

    /// The total thickness in cm (+∞ with a semi-infinite last layer).
    public var thicknessCm: Double { boundariesCm.last! }

    /// The default depth range for fluence bins in cm: the whole medium when it is finite, else the
    /// finite layers plus ten transport mean free paths 1/(μa + μs(1 − g)) of the last layer.
    public var defaultFluenceDepthCm: Double {
        if thicknessCm.isFinite { return thicknessCm }
        let last = layers[layers.count - 1]
        let finite = boundariesCm[layers.count - 1]
        return finite + 10 / (last.muaPerCm + last.musPerCm * (1 - last.anisotropyG))
    }
}
