import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

extension CalibrationFile {
    /// One arm of a calibration: a protocol with overrides, the study it belongs to, and the
    /// subjects whose mean it predicts.
    ///
    /// `{"protocol": NAME|FILE, "set": {…}, "study": ID, "cohort": NAME|FILE, "subjects": N}`:
    /// - `study` groups arms that come from one trial: `--cross-validate` leaves them out together,
    ///   they share one σ per observable where rows have no sd, and `study:ID/SECTION.KEY` estimates
    ///   apply to them alone. Without it the arm is a study of its own, named by the arm, except for
    ///   the noise: arms that name no study share one σ per observable, as every arm did before
    ///   studies existed (`CalibrationModel.noiseGroup`).
    /// - `cohort` with `subjects` (here or at the top of the file, for every arm without its own):
    ///   the arm predicts the mean over the first N subjects of that virtual cohort (its own sampling
    ///   method and seed, `CohortDesign`), each subject the arm's protocol and `set` with the
    ///   subject's sampled values applied on top (`Ensemble.definition(at:)`), instead of the one
    ///   typical subject the protocol describes.
    public struct Arm: Sendable, Equatable {
        public var name: String
        /// The protocol with the file's and then the arm's `set` applied: the typical subject.
        public var definition: ProtocolDefinition
        /// The study's id: `study` as written, else the arm's name.
        public var study: String
        /// Whether the arm names its study.
        public var studyNamed: Bool
        public var cohort: ArmCohort?
        /// The subjects whose mean is the arm's prediction: the cohort's N subjects, or `[definition]`.
        public var subjects: [ProtocolDefinition]

        static let keys = ["protocol", "set", "study", "cohort", "subjects"]

        /// Reads arm `name` of the calibration file at `path`; `shared` is the file's `set`,
        /// `fileCohort` its top-level cohort.
        static func parse(
            name: String, entry: JSONValue, path: String, shared: [(String, String)], fileCohort: ArmCohort?,
            relative: (String) -> String, library: ModelLibrary
        ) throws(ModelError) -> Arm {
            let place = "\(path): arms.\(name)"
            guard case .object(let arm) = entry else {
                throw ModelError(place, "is \(entry.kindName); expected {\"protocol\": NAME|FILE, \"set\": {…}}")
            }
            for key in arm.keys where !keys.contains(key) {
                throw ModelError(
                    "\(place).\(key)",
                    "unknown key\(suggestion(key, among: keys)); expected \(keys.joined(separator: ", "))")
            }
            guard case .string(let protocolName)? = arm["protocol"], !protocolName.isEmpty else {
                throw ModelError(
                    "\(place).protocol",
                    "\(arm["protocol"]?.rendered ?? "missing"); expected a protocol preset name or file path")
            }
            let isPath = protocolName.contains("/") || protocolName.hasSuffix(".json")
            var definition: ProtocolDefinition
            do {
                definition = try library.loadProtocol(isPath ? relative(protocolName) : protocolName)
            } catch {
                throw ModelError("\(place).protocol", error.description)
            }
            let own = try assignments(arm["set"], location: "\(place).set")
            for (key, text) in shared + own {
                do {
                    try definition.apply(Override(path: key, text: text), sections: library)
                } catch {
                    throw ModelError(
                        own.contains { $0.0 == key } ? "\(place).set.\(key)" : "\(path): set.\(key)", error.problem)
                }
            }
            do {
                try definition.validate()
            } catch {
                throw ModelError(place, error.description)
            }
            var study = name
            if let value = arm["study"] {
                guard case .string(let id) = value, !id.isEmpty, !id.contains("/") else {
                    throw ModelError("\(place).study", "\(value.rendered); expected a non-empty study id without '/'")
                }
                study = id
            }
            let cohort = try ArmCohort.parse(arm, place: place, relative: relative, library: library) ?? fileCohort
            var subjects = [definition]
            if let cohort {
                subjects = try cohort.subjects(of: definition, library: library, place: place)
            }
            return Arm(
                name: name, definition: definition, study: study, studyNamed: arm["study"] != nil, cohort: cohort,
                subjects: subjects)
        }
    }
}

/// The virtual cohort an arm averages over: the cohort file, the number of subjects N and the
/// cohort's own seed, so that the subjects are fixed for every evaluation of a fit.
public struct ArmCohort: Sendable, Equatable {
    /// `cohort` as written.
    public var argument: String
    public var definition: CohortDefinition
    public var subjects: Int

    static let largest = 1000

    /// The `cohort` and `subjects` keys of `object` (an arm, or the file's top level); nil when
    /// neither is there.
    static func parse(
        _ object: JSONObject, place: String, relative: (String) -> String, library: ModelLibrary
    ) throws(ModelError) -> ArmCohort? {
        let separator = place.contains(": ") ? "." : ": "
        switch (object["cohort"], object["subjects"]) {
        case (nil, nil): return nil
        case (nil, let subjects?):
            throw ModelError(
                "\(place)\(separator)subjects",
                "\(subjects.rendered) without a cohort; expected \"cohort\": NAME|FILE beside it")
        case (let cohort?, nil):
            throw ModelError(
                "\(place)\(separator)cohort",
                "\(cohort.rendered) without subjects; expected \"subjects\": N (1 to \(largest)) beside it")
        case (let cohort?, let count?):
            guard case .string(let argument) = cohort, !argument.isEmpty else {
                throw ModelError(
                    "\(place)\(separator)cohort", "\(cohort.rendered); expected a cohort preset name or file path")
            }
            guard case .number(let n) = count, n.value == n.value.rounded(), n.value >= 1,
                n.value <= Double(largest)
            else {
                throw ModelError(
                    "\(place)\(separator)subjects", "\(count.rendered); expected a whole number from 1 to \(largest)")
            }
            let isPath = argument.contains("/") || argument.hasSuffix(".json")
            let definition: CohortDefinition
            do {
                definition = try CohortDefinition.load(isPath ? relative(argument) : argument, library: library)
            } catch {
                throw ModelError(
                    "\(place)\(separator)cohort", error.location == "--cohort" ? error.problem : error.description)
            }
            return ArmCohort(argument: argument, definition: definition, subjects: Int(n.value))
        }
    }

    /// The N subjects on `base` (an arm's protocol with its `set`): subject i is `base` with the
    /// sampled values of cohort subject i applied (`Ensemble.definition(at:)`), validated.
    func subjects(
        of base: ProtocolDefinition, library: ModelLibrary, place: String
    ) throws(ModelError) -> [ProtocolDefinition] {
        let design = CohortDesign(definition: definition, subjects: subjects, seed: definition.seed)
        let ensemble = Ensemble(
            library: library, data: try library.referenceData(), base: base, design: CohortPoints(design: design))
        var out: [ProtocolDefinition] = []
        for i in 0..<subjects {
            do {
                out.append(try ensemble.definition(at: i))
            } catch {
                throw ModelError("\(place).cohort", "subject \(i) of '\(argument)': \(error.description)")
            }
        }
        return out
    }
}
