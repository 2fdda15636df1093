/// The folder `pdtsim simulate` writes to without `--out`: `out/PROTOCOL` for the protocol as
/// shipped, `out/PROTOCOL+OVERRIDES` when `--set` changes it, so that a run with other overrides
/// never replaces another run's folder.
enum DefaultOutputFolder {
    /// The longest override part kept readable; longer ones are cut and end in a hash of the
    /// whole override list.
    static let readableLength = 60

    /// `out/allumera-blue`, `out/allumera-blue+light.center_nm=633`,
    /// `out/allumera-blue+skin=fitzpatrick-5-6,light.irradiance_mW_per_cm2=20`,
    /// `out/allumera-blue+light.center_nm=633,skin.melanin_fraction=0.05,…-9f3c2a1b0d4e5f67`.
    static func path(protocol name: String, overrides: [String]) -> String {
        let base = "out/" + safe(name)
        guard !overrides.isEmpty else { return base }
        let joined = overrides.map { $0.filter { !$0.isWhitespace } }.joined(separator: ",")
        let readable = safe(joined)
        if readable.count <= readableLength && readable == joined { return base + "+" + readable }
        return base + "+" + String(readable.prefix(readableLength - 17)) + "-" + fnv1a(joined)
    }

    /// Keeps letters, digits and `._=,+-`; anything else (a slash of a file path, a space) becomes `_`.
    static func safe(_ text: String) -> String {
        String(
            text.map { c in
                c.isASCII && (c.isLetter || c.isNumber || "._=,+-".contains(c)) ? c : "_"
            })
    }

    /// FNV-1a, 64 bits, as 16 hexadecimal digits: a stable name for a long override list (not a
    /// security hash: two lists that collide would share a folder, and the folder's protocol.json
    /// tells which run it holds).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
