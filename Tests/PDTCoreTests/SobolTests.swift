import Foundation
import Testing

@testable import PDTCore
@testable import PDTStudies

@Suite("Sobol sensitivity")
struct SobolTests {
    /// Ishigami & Homma (1990): f = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁, xᵢ ~ U(−π, π).
    static func ishigami(_ u: [Double], a: Double = 7, b: Double = 0.1) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0])
    }

    /// Sobol's g-function: Π (|4u − 2| + aᵢ)/(1 + aᵢ).
    static func gFunction(_ u: [Double], a: [Double]) -> Double {
        zip(u, a).reduce(1.0) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) }
    }

    @Test("SALib's row order: A, A_B^(1…D), B for each base row")
    func rowOrder() {
        let design = SobolDesign(dimensions: 3, baseRows: 8, seed: 1)
        #expect(design.runCount == 40)
        for j in [0, 5] {
            let a = design.unitPoint(j * 5)
            let b = design.unitPoint(j * 5 + 4)
            let located = design.locate(j * 5 + 2)
            #expect(located.baseRow == j && located.role == .ab(1))
            for k in 0..<3 {
                var expected = a
                expected[k] = b[k]
                #expect(design.unitPoint(j * 5 + 1 + k) == expected)
            }
            #expect(a != b)
        }
        #expect(SobolDesign(dimensions: 3, baseRows: 8, seed: 2).unitPoint(0) != design.unitPoint(0))
        #expect(SobolDesign.problem(dimensions: 21, baseRows: 8)?.contains("at most 20") == true)
        #expect(SobolDesign.problem(dimensions: 0, baseRows: 8) != nil)
    }

    @Test("Ishigami indices within 0.02 at N = 2^13")
    func ishigamiIndices() {
        let design = SobolDesign(dimensions: 3, baseRows: 1 << 13, seed: 2026)
        let outputs = (0..<design.runCount).map { Self.ishigami(design.unitPoint($0)) }
        let indices = SobolAnalysis.indices(outputs: outputs, dimensions: 3, seed: 7)
        let s1 = [0.3139, 0.4424, 0]
        let st = [0.5576, 0.4424, 0.2437]
        for k in 0..<3 {
            #expect(abs(indices[k].first - s1[k]) < 0.02, "S1[\(k)] = \(indices[k].first)")
            #expect(abs(indices[k].total - st[k]) < 0.02, "ST[\(k)] = \(indices[k].total)")
            #expect(indices[k].firstConfidence > 0 && indices[k].firstConfidence < 0.1)
            #expect(indices[k].totalConfidence > 0 && indices[k].totalConfidence < 0.1)
        }
    }

    @Test("g-function indices match the analytic ones")
    func gFunctionIndices() {
        // Vᵢ = 1/(3(1 + aᵢ)²), V = Π(1 + Vᵢ) − 1, S1ᵢ = Vᵢ/V, STᵢ = Vᵢ Π_{j≠i}(1 + Vⱼ)/V (Sobol 1998).
        let a: [Double] = [0, 1, 4.5, 9, 99, 99]
        let partial = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
        let total = partial.reduce(1) { $0 * (1 + $1) } - 1
        let design = SobolDesign(dimensions: 6, baseRows: 1 << 13, seed: 11)
        let outputs = (0..<design.runCount).map { Self.gFunction(design.unitPoint($0), a: a) }
        let indices = SobolAnalysis.indices(outputs: outputs, dimensions: 6, seed: 3, resamples: 20)
        for k in 0..<6 {
            let s1 = partial[k] / total
            let st = partial[k] * partial.indices.filter { $0 != k }.reduce(1) { $0 * (1 + partial[$1]) } / total
            #expect(abs(indices[k].first - s1) < 0.02, "S1[\(k)] = \(indices[k].first), expected \(s1)")
            #expect(abs(indices[k].total - st) < 0.02, "ST[\(k)] = \(indices[k].total), expected \(st)")
        }
    }

    @Test("a failed run makes the indices NaN; the estimators match SALib's formulas on a small case")
    func smallCase() {
        // D = 1, N = 2: runs A₀, AB₀, B₀, A₁, AB₁, B₁ = 1, 2, 3, 4, 6, 5. Standardising by the mean
        // 3.5 and population sd √(17.5/6): A = (−2.5, 0.5)/s, AB = (−1.5, 2.5)/s, B = (−0.5, 1.5)/s,
        // var([A; B]) = 2.75/s²·… computed here exactly as numpy would.
        let y: [Double] = [1, 2, 3, 4, 6, 5]
        let s = (y.map { ($0 - 3.5) * ($0 - 3.5) }.reduce(0, +) / 6).squareRoot()
        let a = [-2.5 / s, 0.5 / s]
        let ab = [-1.5 / s, 2.5 / s]
        let b = [-0.5 / s, 1.5 / s]
        let all = a + b
        let m = all.reduce(0, +) / 4
        let v = all.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 4
        let s1 = (b[0] * (ab[0] - a[0]) + b[1] * (ab[1] - a[1])) / 2 / v
        let st = 0.5 * ((a[0] - ab[0]) * (a[0] - ab[0]) + (a[1] - ab[1]) * (a[1] - ab[1])) / 2 / v
        let indices = SobolAnalysis.indices(outputs: y, dimensions: 1, seed: 1, resamples: 10)
        #expect(abs(indices[0].first - s1) < 1e-12)
        #expect(abs(indices[0].total - st) < 1e-12)
        #expect(SobolAnalysis.indices(outputs: [1, 2, .nan, 4, 6, 5], dimensions: 1, seed: 1)[0].first.isNaN)
    }
}

/// Writes an Ishigami `design.csv` and pdtsim's `indices.csv` for the SALib cross-check
/// (`Tests/salib/check_sobol.py`), only when `PDTSIM_SALIB_CHECK_DIR` names a folder.
@Suite("Sobol SALib cross-check files")
struct SobolCrossCheckFiles {
    static let folder = ProcessInfo.processInfo.environment["PDTSIM_SALIB_CHECK_DIR"]

    @Test("write design.csv and indices.csv", .enabled(if: folder != nil))
    func write() throws {
        let folder = try #require(Self.folder)
        let parameters = ["x1", "x2", "x3"]
        let readouts = ["ishigami", "g_function"]
        let design = SobolDesign(dimensions: 3, baseRows: 1 << 10, seed: 2026)
        var table = CSVTable(header: SobolTables.designHeader(parameters: parameters, readouts: readouts))
        var outputs: [[Double]] = [[], []]
        for run in 0..<design.runCount {
            let u = design.unitPoint(run)
            let x = u.map { -Double.pi + 2 * Double.pi * $0 }
            let y = [SobolTests.ishigami(u), SobolTests.gFunction(u, a: [0, 1, 9])]
            outputs[0].append(y[0])
            outputs[1].append(y[1])
            table.append([.integer(run)] + x.map { .number($0) } + [.text("ok")] + y.map { .number($0) })
        }
        let indices = SobolTables.indices(
            parameters: parameters,
            readouts: zip(readouts, outputs).map { ($0, SobolAnalysis.indices(outputs: $1, dimensions: 3, seed: 1)) })
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try table.text.write(toFile: "\(folder)/design.csv", atomically: true, encoding: .utf8)
        try indices.text.write(toFile: "\(folder)/indices.csv", atomically: true, encoding: .utf8)
    }
}
