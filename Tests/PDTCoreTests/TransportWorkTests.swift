import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// The work bound of `pdtsim transport` (issue 15, item 2): refused up front where the medium
/// predicts too much work, stopped at the packet-step bound otherwise, the same for any threads.
@Suite struct TransportWorkTests {
    static func layer(mua: Double, mus: Double, g: Double = 0.9, thickness: Double?) -> MediumLayer {
        MediumLayer(refractiveIndex: 1.4, muaPerCm: mua, musPerCm: mus, anisotropyG: g, thicknessCm: thickness)
    }

    static func medium(_ layers: [MediumLayer]) -> LayeredMedium {
        LayeredMedium(ambientAboveIndex: 1, ambientBelowIndex: 1, layers: layers)
    }

    @Test func aNonAbsorbingSemiInfiniteMediumIsRefusedUpFront() {
        let medium = Self.medium([Self.layer(mua: 0, mus: 100, thickness: nil)])
        #expect(TransportWork.predictedStepsInLayers(medium) == [.infinity])
        #expect(
            throws: ModelError(
                "m.json: parameters.layers[0]",
                "a semi-infinite layer without absorption (mua_per_cm = 0) never ends a packet, above the bound of 2000000000 packet steps of one transport run; expected other mua_per_cm (more absorption), mus_per_cm, anisotropy_g or thickness_cm"
            )
        ) {
            try TransportWork.check(
                medium, packets: 1000, maxSteps: TransportWork.defaultMaxSteps, path: "m.json", packetsFlag: "--photons"
            )
        }
    }

    @Test func anAstronomicalScatteringCoefficientIsRefusedUpFront() {
        let slab = Self.medium([
            Self.layer(mua: 1, mus: 1e308, thickness: 0.1), Self.layer(mua: 1, mus: 10, thickness: nil),
        ])
        let error = #expect(throws: ModelError.self) {
            try TransportWork.check(
                slab, packets: 1000, maxSteps: TransportWork.defaultMaxSteps, path: "m.json", packetsFlag: "--photons")
        }
        #expect(error?.location == "m.json: parameters.layers[0]")
        #expect(
            error?.problem.hasPrefix("one packet is predicted never to end in it") == true,
            "\(String(describing: error))")
    }

    @Test func tooManyPacketsAreRefusedUpFrontNamingTheFlag() throws {
        let medium = try TransportValidationTests.medium("mcml-semi-infinite")
        let perPacket = TransportWork.predictedStepsPerPacket(medium)
        #expect(perPacket > 80 && perPacket < 95)
        #expect(throws: Never.self) {
            try TransportWork.check(
                medium, packets: 1_000_000, maxSteps: TransportWork.defaultMaxSteps, path: "m", packetsFlag: "--photons"
            )
        }
        let error = #expect(throws: ModelError.self) {
            try TransportWork.check(
                medium, packets: 100_000_000, maxSteps: TransportWork.defaultMaxSteps, path: "m",
                packetsFlag: "--photons")
        }
        #expect(error?.location == "--photons")
        #expect(
            error?.problem.hasPrefix("100000000 packets are predicted to take 8.") == true,
            "\(String(describing: error))")
    }

    /// Every shipped medium at a million packets passes the up-front check; the prediction is
    /// within a factor of a few of the steps actually taken.
    @Test func shippedMediaPassAndThePredictionIsOfTheRightSize() throws {
        for name in ["mcml-semi-infinite", "mcml-slab-matched", "mcml-three-layer"] {
            let medium = try TransportValidationTests.medium(name)
            try TransportWork.check(
                medium, packets: 1_000_000, maxSteps: TransportWork.defaultMaxSteps, path: name,
                packetsFlag: "--photons")
            let kernel = PhotonTransport(medium: medium, binCm: 0.01, bins: 10)
            let tally = kernel.run(photons: 2000, seed: 1, batch: 0)
            let actual = Double(tally.steps) / 2000
            let predicted = TransportWork.predictedStepsPerPacket(medium)
            #expect(
                actual < 2 * predicted && predicted < 4 * actual,
                "\(name): \(actual) steps per packet, predicted \(predicted)")
        }
    }

    /// Within the bound the result is exactly the unbounded one; over it the run stops after the
    /// same packets for 1, 2 and 3 threads.
    @Test func theStepBoundStopsTheSameWayForAnyThreads() throws {
        let medium = try TransportValidationTests.medium("mcml-semi-infinite")
        func settings(jobs: Int, maxSteps: Int) -> TransportSettings {
            var s = TransportSettings(
                stop: .photons(5_000), seed: 7, binCm: 0.01, bins: 20, jobs: jobs, batchPhotons: 250)
            s.maxSteps = maxSteps
            return s
        }
        let unbounded = try TransportProblem(medium: medium, settings: settings(jobs: 2, maxSteps: .max)).run()
        let steps = PhotonTransport(medium: medium, binCm: 0.01, bins: 20).run(photons: 250, seed: 7, batch: 0).steps
        let within = try TransportProblem(medium: medium, settings: settings(jobs: 2, maxSteps: 1_000_000)).run()
        #expect(within.diffuseReflectance == unbounded.diffuseReflectance)
        #expect(within.fluence == unbounded.fluence)
        let bound = 5 * steps
        let stops = [1, 2, 3].map { jobs -> TransportWorkLimitExceeded? in
            do throws(TransportWorkLimitExceeded) {
                _ = try TransportProblem(medium: medium, settings: settings(jobs: jobs, maxSteps: bound)).run(path: "m")
                return nil
            } catch {
                return error
            }
        }
        #expect(stops[0] != nil)
        #expect(stops.allSatisfy { $0 == stops[0] })
        #expect(stops[0]?.photonsDone ?? 0 >= 1000 && stops[0]?.photonsDone ?? .max < 1500)
        #expect(
            stops[0]?.description.hasPrefix(
                "m: the transport run took more than the bound of \(bound) packet steps after ")
                == true)
    }

    /// A batch stops on its own once it alone passes the bound, so one slow batch cannot run on.
    @Test func aBatchStopsAtTheBound() throws {
        let medium = try TransportValidationTests.medium("mcml-semi-infinite")
        let tally = PhotonTransport(medium: medium, binCm: 0.01, bins: 20).run(
            photons: 1000, seed: 1, batch: 0, maxSteps: 500)
        #expect(tally.exhausted)
        #expect(tally.steps == 501)
    }
}
