import Testing

@testable import PDTCore

/// The one photon-tracing loop (`PhotonTracer`) under its two scorers.
@Suite("Monte Carlo transport: one tracer, two scorers")
struct PhotonTracerTests {
    /// MCML's validation slab (n = 1 between matched ambients, so R = 0 at both surfaces) with its
    /// ambient index raised by `delta` (R of order δ², never reached by a draw ξ ≥ 2⁻⁵³).
    static func slab(ambientDelta delta: Double) throws -> LayeredMedium {
        var medium = try TransportValidationTests.medium("mcml-slab-matched")
        medium.ambientAboveIndex += delta
        medium.ambientBelowIndex += delta
        return medium
    }

    @Test("a matched boundary (R = 0) draws its ξ as MCML's CrossUpOrNot does: both scorers score as at R ≈ 10⁻¹⁹")
    func matchedBoundaryDraws() throws {
        let matched = try Self.slab(ambientDelta: 0)
        let nearlyMatched = try Self.slab(ambientDelta: 1e-9)
        let a = PhotonTransport(medium: matched, binCm: 0.002, bins: 10).run(photons: 500, seed: 3, batch: 0)
        let b = PhotonTransport(medium: nearlyMatched, binCm: 0.002, bins: 10).run(photons: 500, seed: 3, batch: 0)
        #expect(a.steps == b.steps && a.reflected == b.reflected && a.transmitted == b.transmitted)
        #expect(a.fluence == b.fluence && a.absorbedByLayer == b.absorbedByLayer)
        let cells = FluenceCells(depthsCm: [0, 0.005, 0.01, 0.015])
        func cellRun(_ medium: LayeredMedium) -> (tracks: [Double], steps: Int) {
            CellPhotonTransport(medium: medium, cells: cells, rouletteDepthCm: 1, rouletteStepCm: 1)
                .run(photons: 500, seed: 3, batch: 0)
        }
        let c = cellRun(matched)
        let d = cellRun(nearlyMatched)
        #expect(c.steps == d.steps && c.tracks == d.tracks)
    }

    @Test("the MCML scorer's batch is bit for bit what the tracer gave before it was shared (three-layer and skin)")
    func mcmlScorerUnchanged() throws {
        let threeLayer = try TransportValidationTests.medium("mcml-three-layer")
        let tally = PhotonTransport(medium: threeLayer, binCm: 0.01, bins: 30).run(photons: 300, seed: 5, batch: 0)
        #expect(tally.steps == 19877 && !tally.exhausted)
        #expect(tally.reflected.bitPattern == 0x4051_bc3a_3d7c_4ea1)
        #expect(tally.transmitted.bitPattern == 0x403d_e480_f86d_644d)
        let skin = try TransportSkinTests.transport().medium(at: 417)
        let skinTally = PhotonTransport(medium: skin, binCm: 0.01, bins: 30).run(photons: 300, seed: 5, batch: 0)
        #expect(skinTally.steps == 89985 && skinTally.reflected.bitPattern == 0x4043_02ae_b6f1_922c)
    }

    @Test("the cell scorer's batch (skin at 417 nm) is pinned: any change to the loop shows here")
    func cellScorerPinned() throws {
        let skin = try TransportSkinTests.transport().medium(at: 417)
        let cells = FluenceCells(depthsCm: [0, 0.005, 0.01, 0.05, 0.1])
        let run = CellPhotonTransport(medium: skin, cells: cells, rouletteDepthCm: 0.12, rouletteStepCm: 0.03)
            .run(photons: 300, seed: 5, batch: 0)
        #expect(run.steps == 79273 && run.tracks[0].bitPattern == 0x3fd1_0f34_2e03_8114)
    }

    @Test("a step limit stops the batch, exhausted, after the step that passes it")
    func stepLimit() throws {
        let medium = try TransportValidationTests.medium("mcml-three-layer")
        let tally = PhotonTransport(medium: medium, binCm: 0.01, bins: 30).run(
            photons: 300, seed: 5, batch: 0, maxSteps: 1000)
        #expect(tally.exhausted && tally.steps == 1001)
    }
}
