/// The weights one batch of photon packets left in each score, unnormalised: sums over packets.
package struct TransportTally: Sendable {
    /// Packets launched.
    var photons: Int
    /// Σ weight escaping through the top surface (diffuse reflectance × photons).
    var reflected = 0.0
    /// Σ weight escaping through the bottom of the last layer (transmittance × photons).
    var transmitted = 0.0
    /// Σ weight absorbed in each layer.
    var absorbedByLayer: [Double]
    /// Σ weight/μt at every interaction inside each depth bin (the collision estimator of the
    /// fluence: equal to absorbed weight / μa where μa > 0).
    var fluence: [Double]
    /// Packet steps taken (flights to an interaction or a boundary): the batch's work.
    var steps = 0
    /// True when the batch stopped at its step limit before every packet was done.
    var exhausted = false

    init(photons: Int, layers: Int, bins: Int) {
        self.photons = photons
        absorbedByLayer = Array(repeating: 0, count: layers)
        fluence = Array(repeating: 0, count: bins)
    }
}
