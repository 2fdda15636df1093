import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// A calibration's model evaluations as designs on the ensemble engine: the points' order and
/// overrides, batches equal to one-by-one evaluations bit for bit, and failures as before.
@Suite struct CalibrationDesignTests {
    /// Arm a (study s1, the typical subject) and arm b (study s2, two subjects of the shipped
    /// cohort, its own r_max), one blue session each; the shared r_max and τ_P and s2's r_max are
    /// estimated, so every θ replays the stored sessions.
    static let model: CalibrationModel = {
        do {
            let rows = ["a", "b"].flatMap { arm in
                [14, 70, 160].map { "\(arm),\($0),pore_reduction_percent,10,2,1\n" }
            }.joined()
            let directory = try CalibrationTests.folder(
                estimate: CalibrationStudiesTests.nuisance, rows: rows,
                arms: #"""
                    {"a": {"protocol": "allumera-blue", "study": "s1"},
                     "b": {"protocol": "allumera-blue", "study": "s2", "cohort": "facial-skin-population", "subjects": 2}}
                    """#)
            let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
            return try CalibrationModel(file: file, library: Fixture.library)
        } catch {
            fatalError("\(error)")
        }
    }()

    static let thetas: [[Double]] = [[0.8, 75, 0.4], [0.5, 40, 0.9], [0.3, 200, 0.6]]

    /// Points run θ-major, then arm, then subject; each is its subject's protocol with the shared
    /// overrides first and the study's own after them.
    @Test func pointOrderAndOverrides() throws {
        let model = Self.model
        #expect(model.replay == .response)
        let design = CalibrationDesign(arms: model.file.arms, parameters: model.file.parameters, thetas: Self.thetas)
        #expect(design.pointsPerTheta == 3 && design.pointCount == 9)
        let positions = (0..<design.pointCount).map { design.position(of: $0) }
        #expect(positions.map(\.theta) == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        #expect(positions.map(\.arm) == [0, 1, 1, 0, 1, 1, 0, 1, 1])
        #expect(positions.map(\.subject) == [0, 0, 1, 0, 0, 1, 0, 0, 1])
        #expect(design.base(at: 3) == model.file.arms[0].subjects[0])
        #expect(design.base(at: 8) == model.file.arms[1].subjects[1])
        #expect(model.file.arms[1].subjects[0] != model.file.arms[1].subjects[1])
        #expect(
            design.overrides(at: 0).map(\.assignment) == ["response.reduction_max=0.8", "response.tau_pore_days=75"])
        #expect(
            design.overrides(at: 5).map(\.assignment) == [
                "response.reduction_max=0.5", "response.tau_pore_days=40", "response.reduction_max=0.9",
            ])
        #expect(design.overrides(at: 5).allSatisfy { $0.flag == "calibration" })
        let ensemble = Ensemble(
            library: Fixture.library, data: Fixture.data, base: model.file.arms[0].definition, design: design)
        let point = try ensemble.definition(at: 8)
        let serial = try CalibrationModel.definition(
            model.file.arms[1].subjects[1], study: "s2", parameters: model.file.parameters, values: Self.thetas[2],
            library: Fixture.library)
        #expect(point == serial)
        let response = try #require(point.sections[.response])
        #expect(response.number(ResponseParameters.reductionMax) == 0.6)
        #expect(response.number(ResponseParameters.tauPore) == 200)
    }

    /// A batch of θ on two threads gives every θ's runs and predictions bit for bit as θ alone does,
    /// and as the serial replay of the stored sessions does.
    @Test func batchEqualsOneByOne() throws {
        let model = Self.model
        let batch = model.evaluate(Self.thetas, jobs: 2) { runs, _ in runs }
        #expect(batch.count == 3)
        for (theta, runs) in zip(Self.thetas, batch) {
            let alone = try model.runs(theta)
            let together = try runs.get()
            #expect(together.map { $0.map(\.timeline) } == alone.map { $0.map(\.timeline) })
            #expect(together.map { $0.map(\.sessions.count) } == [[1], [1, 1]])
            for (a, arm) in model.file.arms.enumerated() {
                for (s, subject) in arm.subjects.enumerated() {
                    let definition = try CalibrationModel.definition(
                        subject, study: arm.study, parameters: model.file.parameters, values: theta,
                        library: Fixture.library)
                    let full = try ProtocolSimulator(treatment: definition.resolve(), data: Fixture.data).run()
                    #expect(together[a][s].timeline == full.timeline, "arm \(arm.name), subject \(s)")
                }
            }
        }
        let predictions = model.predictions(Self.thetas, jobs: 2)
        for (theta, prediction) in zip(Self.thetas, predictions) {
            #expect(try prediction.get() == model.predictions(theta))
        }
        #expect(model.evaluate([], jobs: 2) { runs, _ in runs }.isEmpty)
    }

    /// The objective's batch is the model's: a Jacobian from it equals one from θ-by-θ residuals.
    @Test func jacobianFromBatchEqualsOneByOne() throws {
        let objective = Self.model.objective
        var serial = objective
        serial.predictBatch = { thetas, _ in thetas.map { theta in Result { try objective.predict(theta) } } }
        let z = objective.fitScale([0.7, 60, 0.5])
        let weights = [Double](repeating: 0.25, count: objective.count)
        let batched = try FitStatistics.weightedJacobian(
            objective, at: z, weights: weights, relativeStep: 1e-4, jobs: 2)
        let oneByOne = try FitStatistics.weightedJacobian(serial, at: z, weights: weights, relativeStep: 1e-4, jobs: 1)
        #expect(batched == oneByOne)
        #expect(batched.contains { $0 != 0 })
    }

    /// A θ whose protocol cannot be set fails in a batch with the message it fails with alone, and
    /// the other θ of the batch are unaffected.
    @Test func failuresKeepTheirMessage() throws {
        let model = Self.model
        let bad = [1.5, 75, 0.4]
        var definition = model.file.arms[0].definition
        var expected: ModelError?
        do {
            try definition.apply(
                Override(
                    section: .response, key: ResponseParameters.reductionMax.key, number: 1.5,
                    source: "calibration value", origin: "calibration"),
                sections: Fixture.library)
        } catch {
            expected = error
        }
        #expect(expected != nil, "r_max = 1.5 is outside its key's range")
        let alone = #expect(throws: ModelError.self) { try model.runs(bad) }
        #expect(alone?.description == expected?.description)
        let batch = model.predictions([Self.thetas[0], bad, Self.thetas[1]], jobs: 2)
        #expect(try batch[0].get() == model.predictions(Self.thetas[0]))
        #expect(try batch[2].get() == model.predictions(Self.thetas[1]))
        guard case .failure(let error) = batch[1] else {
            Issue.record("θ = \(bad) ran")
            return
        }
        #expect("\(error)" == expected.map { "\($0)" })
    }
}
