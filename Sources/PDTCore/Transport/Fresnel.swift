import Foundation

/// Unpolarised Fresnel reflection at a planar interface, as MCML computes it.
enum Fresnel {
    /// The reflectance R and the cosine of the transmission angle for light going from index
    /// `incident` to index `transmitted` with `cosine` = cos θᵢ ∈ [0, 1] of the angle of incidence:
    /// R = ½ [sin²(θᵢ − θₜ)/sin²(θᵢ + θₜ) + tan²(θᵢ − θₜ)/tan²(θᵢ + θₜ)], with Snell's law
    /// nᵢ sin θᵢ = nₜ sin θₜ; R = ((nᵢ − nₜ)/(nᵢ + nₜ))² at normal incidence, R = 1 beyond the
    /// critical angle (total internal reflection) and at grazing incidence (cos θᵢ < 10⁻⁶),
    /// R = 0 for matched indices.
    @inline(__always)
    static func reflectance(
        incident: Double, transmitted: Double, cosine: Double
    ) -> (
        reflectance: Double, transmittedCosine: Double
    ) {
        if incident == transmitted { return (0, cosine) }
        if cosine > 1 - 1e-12 {
            let r = (transmitted - incident) / (transmitted + incident)
            return (r * r, cosine)
        }
        if cosine < 1e-6 { return (1, 0) }
        let sine = (1 - cosine * cosine).squareRoot()
        let transmittedSine = incident * sine / transmitted
        if transmittedSine >= 1 { return (1, 0) }
        let transmittedCosine = (1 - transmittedSine * transmittedSine).squareRoot()
        let cosSum = cosine * transmittedCosine - sine * transmittedSine
        let cosDifference = cosine * transmittedCosine + sine * transmittedSine
        let sinSum = sine * transmittedCosine + cosine * transmittedSine
        let sinDifference = sine * transmittedCosine - cosine * transmittedSine
        let r =
            0.5 * sinDifference * sinDifference * (cosDifference * cosDifference + cosSum * cosSum)
            / (sinSum * sinSum * cosDifference * cosDifference)
        return (r, transmittedCosine)
    }
}
