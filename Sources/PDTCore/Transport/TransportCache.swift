import Foundation
import PDTNumerics

/// A disk cache of Monte Carlo fluence factors, so that a skin's table is computed once.
///
/// An entry is one text file `mc-<hash>.txt` in the cache folder, where the hash is the 64-bit
/// FNV-1a of the key text: the key names every input the result depends on (pdtsim version, the
/// layered medium in full, the depths, the fluence bins, the photon count and the seed; not the
/// threads, which do not change the result). The file's first line is the whole key, checked on
/// load, so that a hash collision reads as a miss and never as a wrong table. A single-wavelength
/// entry (`SkinTransport.fluenceFactors`) then has one line per depth, `value standard_error`; a
/// whole skin table (`SkinFluenceTable`) one line per wavelength node (`TransportCache+Table`);
/// numbers in Swift's shortest round-trip form (bit-exact). Entries are
/// written through a temporary file and a rename. The cache is an optimisation: a folder that
/// cannot be created or written is skipped and the result is computed as without it.
public struct TransportCache: Sendable, Equatable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/pdtsim` when set and non-empty, else `$HOME/.cache/pdtsim`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/pdtsim" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/pdtsim"
    }

    /// FNV-1a, 64 bits, of the UTF-8 bytes of `text`.
    package static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    package func path(for key: String) -> String {
        let hex = String(Self.hash(key), radix: 16)
        return directory + "/mc-" + String(repeating: "0", count: 16 - hex.count) + hex + ".txt"
    }

    /// The estimates stored under `key`, or nil when there are none or the stored key differs.
    package func load(key: String, count: Int) -> [Estimate]? {
        guard let data = try? POSIXFile.readContents(of: path(for: key)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= count + 1, lines[0] == "key: " + key else { return nil }
        var estimates: [Estimate] = []
        for line in lines[1...count] {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let value = Double(fields[0]), let error = Double(fields[1]) else { return nil }
            estimates.append(Estimate(value: value, standardError: error))
        }
        return estimates
    }

    /// Stores `estimates` under `key`; failures leave the cache without the entry.
    package func store(key: String, _ estimates: [Estimate]) {
        let text =
            (["key: " + key] + estimates.map { "\($0.value) \($0.standardError)" }).joined(separator: "\n") + "\n"
        do {
            try POSIXFile.createDirectories(directory)
            try AtomicOutput.write(text, to: path(for: key))
        } catch {
            return
        }
    }

    /// The key text of a skin fluence computation.
    package static func key(
        medium: LayeredMedium, depthsCm: [Double], binCm: Double, bins: Int, photons: Int, seed: UInt64
    )
        -> String
    {
        let layers = medium.layers.map { l in
            "n=\(l.refractiveIndex) mua=\(l.muaPerCm) mus=\(l.musPerCm) g=\(l.anisotropyG) d=\(l.thicknessCm.map { "\($0)" } ?? "inf")"
        }
        return "pdtsim \(SimulationReport.pdtsimVersion) skin fluence v1; above=\(medium.ambientAboveIndex) "
            + "below=\(medium.ambientBelowIndex); layers=[\(layers.joined(separator: "; "))]; "
            + "depths_cm=\(depthsCm.map { "\($0)" }.joined(separator: ",")); bin_cm=\(binCm); bins=\(bins); "
            + "photons=\(photons); seed=\(seed); batch=\(TransportSettings.defaultBatchPhotons)"
    }
}
