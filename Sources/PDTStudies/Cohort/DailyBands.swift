import PDTNumerics

/// The spread of one daily series over a cohort's successful subjects on one day.
public struct DailyBand: Sendable, Equatable {
    public var mean: Double
    /// Sample standard deviation (n − 1; NaN for a single subject), as pandas' `std()`.
    public var sd: Double
    /// The quantiles at `DailyBands.probabilities`, numpy's default linear interpolation.
    public var quantiles: [Double]
}

/// Per-day bands of a cohort from its spool (`DailySpoolWriter`): for each day and series, the
/// mean, sd and the 2.5, 5, 25, 50, 75, 95, 97.5 % quantiles over the spooled subjects.
///
/// Exact quantiles need every value of a day at once: the spool is read in blocks of B days
/// (B × series × subjects numbers, B chosen so that this stays within `memoryBudgetBytes`,
/// at least one day); each (day, series) column is sorted (`gsl_sort`) and its quantiles taken
/// with `gsl_stats_quantile_from_sorted_data` (h = (n − 1) p, numpy's `linear`). Peak memory:
/// max(budget, series × subjects × 8 bytes) plus one column copy; 10⁵ subjects × 3 series fit
/// a 64 MB budget in blocks of 27 days.
public enum DailyBands {
    public static let probabilities = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975]
    public static let defaultMemoryBudgetBytes = 64 << 20

    /// bands[day][series]; empty when no subject was spooled.
    public static func compute(
        spool path: String, subjects: Int, series: Int, days: Int,
        memoryBudgetBytes: Int = defaultMemoryBudgetBytes
    ) throws(OutputError) -> [[DailyBand]] {
        guard subjects > 0 else { return [] }
        let perDay = max(1, series * subjects * 8)
        let block = max(1, min(days, memoryBudgetBytes / perDay))
        var bands: [[DailyBand]] = []
        bands.reserveCapacity(days)
        var first = 0
        while first < days {
            let range = first..<min(days, first + block)
            let values = try DailySpool.readBlock(
                path: path, subjects: subjects, series: series, totalDays: days, days: range)
            for day in values { bands.append(day.map(band)) }
            first = range.upperBound
        }
        return bands
    }

    /// The band of one column of values; NaN values (a failed subject's record) are skipped, and
    /// a column of none but NaN has a NaN band.
    public static func band(_ values: [Double]) -> DailyBand {
        let values = values.contains { $0.isNaN } ? values.filter { !$0.isNaN } : values
        guard !values.isEmpty else {
            return DailyBand(mean: .nan, sd: .nan, quantiles: probabilities.map { _ in .nan })
        }
        var sorted = values
        Statistics.sort(&sorted)
        return DailyBand(
            mean: Statistics.mean(values), sd: Statistics.sampleStandardDeviation(values),
            quantiles: probabilities.map { Statistics.quantile(sorted: sorted, probability: $0) })
    }
}
