import Foundation
import PDTNumerics

/// The work bound of one `pdtsim transport` run, so that no medium or packet count runs for hours
/// (a non-absorbing semi-infinite medium or μs = 10³⁰⁸ would run forever).
///
/// Work is counted in packet steps (flights to an interaction or a boundary), the same on any
/// machine. Two checks:
/// - Up front, `predictedStepsPerPacket` estimates the steps of one packet in each layer; a layer
///   where one packet alone would take more than the bound, or packets × the first layer's
///   estimate above the bound, is refused before anything runs, naming the keys to change.
/// - While running, the steps of the batches are summed in batch order; once the sum exceeds the
///   bound the run stops (exit 3). A batch also stops on its own once it alone has taken more than
///   the bound. The decision depends only on the batches' steps in order, which do not depend on
///   the threads: it is identical for any `--jobs`.
public enum TransportWork {
    /// The bound of one run: 2·10⁹ packet steps, about a minute on two cores here (scaled from the
    /// skin table's 8·10⁸ in about 23 s). The shipped media take 4–66 steps per packet, so one
    /// million packets take 4·10⁶–7·10⁷.
    public static let defaultMaxSteps = 2_000_000_000

    /// The steps of one packet in each layer, from the surface down, as if the layer were alone.
    ///
    /// MCML's roulette makes a packet's weight fall below `PhotonTracer.rouletteThreshold`
    /// after k interactions in a layer of albedo a = μs/μt: w₀aᵏ < w_min gives
    /// N_abs = ln(w₀/w_min)/(−ln a) (∞ when μa = 0). Leaving a finite layer of optical thickness
    /// τ = μt·d by diffusion takes about N_walk = 1 + τ·τ′ flights, τ′ = (μa + μs(1 − g))·d
    /// (the squared thickness in transport mean free paths, times the flights per transport path);
    /// a semi-infinite layer cannot be left through its bottom (N_walk = ∞). A packet's steps in a
    /// layer are about min(N_abs, N_walk).
    public static func predictedStepsInLayers(_ medium: LayeredMedium) -> [Double] {
        medium.layers.map { layer in
            min(
                interactions(layer, launch: 1 - medium.specularReflectance),
                walk(layer.thicknessCm.map { [($0, layer)] }))
        }
    }

    /// The steps of one packet in the whole medium: min(N_abs, N_walk) with N_abs of the least
    /// absorbing layer and N_walk of the whole stack (τ and τ′ summed over the layers; ∞ with a
    /// semi-infinite last layer). Within a factor of about 2 of the steps taken in the shipped media.
    public static func predictedStepsPerPacket(_ medium: LayeredMedium) -> Double {
        let launch = 1 - medium.specularReflectance
        let absorbed = medium.layers.map { interactions($0, launch: launch) }.max()!
        let finite = medium.layers.compactMap { layer in layer.thicknessCm.map { ($0, layer) } }
        return min(absorbed, finite.count == medium.layers.count ? walk(finite) : .infinity)
    }

    /// N_abs of `layer` for a packet launched with weight `launch`.
    static func interactions(_ layer: MediumLayer, launch: Double) -> Double {
        let perInteraction = -log1p(-layer.muaPerCm / layer.mutPerCm)
        return perInteraction > 0 ? log(launch / PhotonTracer.rouletteThreshold) / perInteraction : .infinity
    }

    /// N_walk = 1 + τ·τ′ of finite layers (thickness, layer); ∞ for nil (a semi-infinite layer).
    package static func walk(_ layers: [(Double, MediumLayer)]?) -> Double {
        guard let layers else { return .infinity }
        let tau = layers.reduce(0) { $0 + $1.1.mutPerCm * $1.0 }
        let transport = layers.reduce(0) { $0 + ($1.1.muaPerCm + $1.1.musPerCm * (1 - $1.1.anisotropyG)) * $1.0 }
        return 1 + tau * transport
    }

    /// Refuses a run whose predicted work exceeds `maxSteps` (see the type): a layer in which one
    /// packet alone would pass it, or `packets` × `predictedStepsPerPacket` above it.
    /// - Parameter packets: the packets the run launches at least (a target RSE: its first check).
    /// - Throws: `ModelError` at the medium file's layer (or at `packetsFlag`), naming the keys.
    public static func check(
        _ medium: LayeredMedium, packets: Int, maxSteps: Int, path: String, packetsFlag: String
    ) throws(ModelError) {
        let keys = "mua_per_cm (more absorption), mus_per_cm, anisotropy_g or thickness_cm"
        for (index, steps) in predictedStepsInLayers(medium).enumerated() where !(steps <= Double(maxSteps)) {
            let layer = medium.layers[index]
            let why =
                layer.muaPerCm == 0 && layer.thicknessCm == nil
                ? "a semi-infinite layer without absorption (mua_per_cm = 0) never ends a packet"
                : steps.isFinite
                    ? "one packet is predicted to take \(String(format: "%.2g", steps)) steps in it"
                    : "one packet is predicted never to end in it (μa/(μa + μs) is below what a double resolves)"
            throw ModelError(
                "\(path): parameters.layers[\(index)]",
                "\(why), above the bound of \(formatNumber(Double(maxSteps))) packet steps of one transport run; expected other \(keys)"
            )
        }
        let perPacket = predictedStepsPerPacket(medium)
        let total = perPacket * Double(packets)
        guard total <= Double(maxSteps) else {
            throw ModelError(
                packetsFlag,
                "\(packets) packets are predicted to take \(String(format: "%.2g", total)) steps (\(String(format: "%.3g", perPacket)) per packet), above the bound of \(formatNumber(Double(maxSteps))) packet steps of one transport run; expected fewer packets, or a medium with other \(keys)"
            )
        }
    }
}

/// A transport run that took more packet steps than `TransportWork` allows: an input pdtsim
/// refuses (exit 3), found while running.
public struct TransportWorkLimitExceeded: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bound, in packet steps.
    public var maxSteps: Int
    /// Packets completed before the bound ran out (in whole batches, in order).
    public var photonsDone: Int
    /// Packets the run was to launch (at most, with a target RSE).
    public var photonsPlanned: Int
    /// The medium file.
    public var path: String

    public var description: String {
        "\(path): the transport run took more than the bound of \(formatNumber(Double(maxSteps))) packet steps "
            + "after \(photonsDone) of \(photonsPlanned) packets; expected fewer packets (--photons, --max-photons, "
            + "a looser --target-rse) or layers that end packets sooner (more mua_per_cm, less mus_per_cm, "
            + "thinner layers)"
    }
}
