import CGSL

/// Sample statistics of GSL (`gsl_statistics_double.h`, `gsl_sort_double.h`).
public enum Statistics {
    /// The arithmetic mean (`gsl_stats_mean`); precondition: at least one value.
    public static func mean(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "the mean of no values")
        return gsl_stats_mean(values, 1, values.count)
    }

    /// The sample standard deviation with n − 1 in the denominator (`gsl_stats_sd`); NaN for a
    /// single value.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double {
        values.count < 2 ? .nan : gsl_stats_sd(values, 1, values.count)
    }

    /// Sorts `values` in place, ascending (`gsl_sort`, heapsort); NaNs are not allowed.
    public static func sort(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { gsl_sort(base, 1, buffer.count) }
        }
    }

    /// The quantile at `probability` ∈ [0, 1] of ascending `sorted` values
    /// (`gsl_stats_quantile_from_sorted_data`): with h = (n − 1) p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎),
    /// which is numpy's default `linear` method.
    public static func quantile(sorted: [Double], probability: Double) -> Double {
        precondition(!sorted.isEmpty, "the quantile of no values")
        precondition((0...1).contains(probability), "a quantile at \(probability), outside [0, 1]")
        return gsl_stats_quantile_from_sorted_data(sorted, 1, sorted.count, probability)
    }
}
