import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

@Suite("Cohort bands")
struct CohortBandsTests {
    /// Expected values computed with numpy 2.4.6 from the same data:
    /// v[s, k, d] = ((7s + 3d + 5k) % 11) · 0.5 + d for 9 subjects, 2 series, 4 days;
    /// x = v[:, k, d]; x.mean(), x.std(ddof=1), np.percentile(x, [2.5, 5, 25, 50, 75, 95, 97.5]).
    static let expected: [[(mean: Double, sd: Double, quantiles: [Double])]] = [
        [
            (2.388888888888889, 1.7638342073763937, [0.1, 0.2, 1.0, 2.5, 3.5, 4.8, 4.9]),
            (2.4444444444444446, 1.6287350238076719, [0.1, 0.2, 1.5, 2.5, 3.5, 4.6, 4.8]),
        ],
        [
            (3.6666666666666665, 1.5811388300841898, [1.6, 1.7, 2.5, 3.5, 5.0, 5.8, 5.9]),
            (3.7222222222222223, 1.697629065621947, [1.2, 1.4, 2.5, 4.0, 5.0, 5.8, 5.9]),
        ],
        [
            (4.333333333333333, 1.5811388300841895, [2.1, 2.2, 3.0, 4.5, 5.5, 6.3, 6.4]),
            (4.388888888888889, 1.7638342073763937, [2.1, 2.2, 3.0, 4.5, 5.5, 6.8, 6.9]),
        ],
        [
            (5.611111111111111, 1.7638342073763937, [3.1, 3.2, 4.5, 5.5, 7.0, 7.8, 7.9]),
            (5.666666666666667, 1.5811388300841898, [3.6, 3.7, 4.5, 5.5, 7.0, 7.8, 7.9]),
        ],
    ]

    @Test("bands from the spool match numpy, in one block and day by day", arguments: [1 << 20, 8])
    func bandsMatchNumpy(budget: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-bands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("daily.bin").path
        let writer = try DailySpoolWriter(path: path, series: 2, days: 4)
        for s in 0..<9 {
            var record: [[Double]] = []
            for k in 0..<2 {
                var row: [Double] = []
                for d in 0..<4 {
                    let step = Double((7 * s + 3 * d + 5 * k) % 11)
                    row.append(step * 0.5 + Double(d))
                }
                record.append(row)
            }
            try writer.append(record)
        }
        try writer.close()
        #expect(writer.subjects == 9)
        let bands = try DailyBands.compute(spool: path, subjects: 9, series: 2, days: 4, memoryBudgetBytes: budget)
        #expect(bands.count == 4)
        for day in 0..<4 {
            for k in 0..<2 {
                let band = bands[day][k]
                let want = Self.expected[day][k]
                #expect(abs(band.mean - want.mean) < 1e-12)
                #expect(abs(band.sd - want.sd) < 1e-12)
                for (got, value) in zip(band.quantiles, want.quantiles) { #expect(abs(got - value) < 1e-12) }
            }
        }
        #expect(throws: OutputError.self) {
            _ = try DailyBands.compute(spool: path, subjects: 10, series: 2, days: 4)
        }
    }

    @Test("Wilson 95 % intervals match Newcombe 1998, Table I (method 3)")
    func wilson() {
        let published: [(Int, Int, Double, Double)] = [
            (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0, 0.1611), (1, 29, 0.0061, 0.1718),
        ]
        for (k, n, low, high) in published {
            let interval = WilsonInterval(successes: k, trials: n)
            #expect(abs(interval.lower - low) < 5e-5 && abs(interval.upper - high) < 5e-5, "\(k)/\(n): \(interval)")
        }
        #expect(WilsonInterval(successes: 20, trials: 20).upper == 1)
    }
}
