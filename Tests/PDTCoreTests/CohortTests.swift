import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

@Suite("Cohort files and designs")
struct CohortTests {
    static let minimal = """
        {
          "format_version": 1, "kind": "cohort", "name": "t", "description": "test",
          "protocol": "allumera-blue",
          "distributions": {
            "skin.blood_fraction": {"distribution": "uniform",
              "low": {"value": 0.001, "unit": "1", "source": "s"}, "high": {"value": 0.01, "unit": "1", "source": "s"}}
          }
        }
        """

    static func parse(_ text: String) throws(ModelError) -> CohortDefinition {
        let json = try JSONValue.parse(Data(text.utf8), path: "c.json")
        return try CohortDefinition.parse(json, path: "c.json", library: Fixture.library)
    }

    static func message(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch { return error.description }
    }

    @Test("the shipped cohort loads, and every subject is a valid protocol")
    func shippedCohort() throws {
        let cohort = try CohortDefinition.load("facial-skin-population", library: Fixture.library)
        #expect(
            cohort.columns == [
                "skin", "skin.epidermis_thickness_cm", "skin.sebaceous_top_cm", "skin.blood_fraction",
                "kinetics.synthesis_epidermis_uM_per_s", "kinetics.synthesis_sebaceous_uM_per_s",
            ])
        #expect(cohort.method == .latinHypercube && cohort.subjects == 1000 && cohort.seed == 20_261_130)
        let design = CohortDesign(definition: cohort, subjects: 60, seed: cohort.seed)
        var skins: [String: Int] = [:]
        for subject in 0..<60 {
            let overrides = design.overrides(subject)
            #expect(overrides.count == 6)
            #expect(overrides[0].assignment.hasPrefix("skin=fitzpatrick-"))
            skins[overrides[0].assignment, default: 0] += 1
            var definition = try Fixture.library.loadProtocol(cohort.protocolName)
            try definition.apply(overrides, sections: Fixture.library)
            // The protocol reads back exactly the sampled numbers.
            for case .number(let section, let key, let value) in design.values(subject) {
                #expect(definition.sections[section]?.number(section.specs.first { $0.key == key }!) == value)
            }
        }
        // Latin hypercube over the weights 0.4, 0.45, 0.15 of 60 subjects: 24, 27, 9 (±1).
        #expect(abs(skins["skin=fitzpatrick-1-2", default: 0] - 24) <= 1)
        #expect(abs(skins["skin=fitzpatrick-5-6", default: 0] - 9) <= 1)
    }

    @Test("subject i depends only on (seed, N, i)")
    func reproducibleSubjects() throws {
        let cohort = try CohortDefinition.load("facial-skin-population", library: Fixture.library)
        let a = CohortDesign(definition: cohort, subjects: 50, seed: 3)
        let b = CohortDesign(definition: cohort, subjects: 50, seed: 3)
        let c = CohortDesign(definition: cohort, subjects: 50, seed: 4)
        #expect((0..<50).map(a.overrides) == (0..<50).map(b.overrides))
        #expect(a.overrides(17) != c.overrides(17))
        #expect(a.overrides(0)[1].assignment.hasPrefix("skin.epidermis_thickness_cm=0.0"))
    }

    @Test("correlations reach the target rank correlation")
    func correlations() throws {
        var text = Self.minimal.replacingOccurrences(
            of: "\n  }\n}",
            with: """
                ,
                    "kinetics.synthesis_epidermis_uM_per_s": {"distribution": "loguniform",
                      "low": {"value": 0.00015, "unit": "uM/s", "source": "s"}, "high": {"value": 0.0024, "unit": "uM/s", "source": "s"}}
                  },
                  "correlations": [{"between": ["skin.blood_fraction", "kinetics.synthesis_epidermis_uM_per_s"],
                    "rank_correlation": {"value": 0.5, "unit": "1", "source": "assumed"}}]
                }
                """)
        let cohort = try Self.parse(text)
        #expect(cohort.correlation == [1, 0.5, 0.5, 1])
        let design = CohortDesign(definition: cohort, subjects: 1000, seed: 9)
        let values: [Double] = (0..<1000).flatMap { i in
            design.values(i).compactMap { value -> Double? in
                guard case .number(_, _, let x) = value else { return nil }
                return x
            }
        }
        #expect(abs(RankCorrelation.spearman(values, rows: 1000, columns: 2)[1] - 0.5) < 0.03)
        #expect(throws: ModelError.self) { try cohort.checkForSensitivity(method: "sobol") }
        text = text.replacingOccurrences(of: "\"value\": 0.5", with: "\"value\": 1")
        #expect(Self.message(text).contains("expected a number > -1 and < 1"))
    }

    @Test(
        "bad cohort files are refused with one clear line",
        arguments: [
            ("\"protocol\"", "\"protocl\"", "unknown key (did you mean 'protocol'?)"),
            ("skin.blood_fraction", "skin.blood_fractoin", "(did you mean 'blood_fraction'?)"),
            (
                "\"uniform\"", "\"normal\"",
                "unknown key for a normal distribution; expected only distribution, mean, sd"
            ),
            ("\"low\"", "\"lo\"", "unknown key for a uniform distribution (did you mean 'low'?)"),
            (
                "\"unit\": \"1\", \"source\": \"s\"}, \"high\"", "\"unit\": \"%\", \"source\": \"s\"}, \"high\"",
                "'%' is the wrong unit; expected '1'"
            ),
            (
                "\"high\": {\"value\": 0.01", "\"high\": {\"value\": 1.5",
                "a uniform distribution takes values between 0.001 and 1.5, outside the key's range"
            ),
            ("\"high\": {\"value\": 0.01", "\"high\": {\"value\": 0.0001", "expected low < high"),
            ("\"kind\": \"cohort\"", "\"kind\": \"protocol\"", "expected \"cohort\""),
            ("allumera-blue", "allumera-bleu", "unknown protocol 'allumera-bleu' (did you mean 'allumera-blue'?)"),
            ("skin.blood_fraction", "schedule.horizon_days", "is not a continuous number"),
        ])
    func badFiles(original: String, replacement: String, expected: String) {
        let message = Self.message(Self.minimal.replacingOccurrences(of: original, with: replacement))
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("c.json"))
    }

    @Test("distributions that can leave the key's range are refused")
    func rangeRules() {
        #expect(CohortDefinition.rangeProblem(.normal(mean: 1, sd: 0.1), bounds: .positive) != nil)
        #expect(CohortDefinition.rangeProblem(.lognormal(median: 1, geometricSD: 2), bounds: .positive) == nil)
        #expect(CohortDefinition.rangeProblem(.lognormal(median: 0.1, geometricSD: 2), bounds: .unit) != nil)
        #expect(CohortDefinition.rangeProblem(.uniform(low: 0, high: 1), bounds: .positive) != nil)
        #expect(CohortDefinition.rangeProblem(.uniform(low: 0, high: 1), bounds: .unit) == nil)
        #expect(CohortDefinition.rangeProblem(.normal(mean: 1, sd: 1), bounds: .any) == nil)
    }

    @Test("choices: unknown presets and bad weights, syntax errors with line and column")
    func choicesAndSyntax() {
        let choice = Self.minimal.replacingOccurrences(
            of: "\"distributions\"",
            with: """
                "choices": {"skin": {"fitzpatrick-1-2": {"value": 1, "unit": "1", "source": "s"}, "fitzpatrick-3-5": {"value": 1, "unit": "1", "source": "s"}}},
                  "distributions"
                """)
        #expect(Self.message(choice).contains("unknown skin preset (did you mean 'fitzpatrick-3-4'?)"))
        let zero = choice.replacingOccurrences(of: "3-5", with: "3-4").replacingOccurrences(
            of: "\"value\": 1,", with: "\"value\": 0,")
        #expect(Self.message(zero).contains("the weights sum to 0"))
        #expect(Self.message("{\n  \"format_version\": 1,,\n}").contains("c.json: line 2, column 23"))
    }
}
