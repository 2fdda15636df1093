import PDTCore
import PDTNumerics

/// The points of a sweep: how the values of several `--vary` axes combine.
///
/// - Cartesian product (the default): every combination, in row-major order: the LAST axis varies
///   fastest. Point i takes, for axes a₀ … a_{m−1} with n₀ … n_{m−1} values, the digits of i in
///   the mixed radix (n₀, …, n_{m−1}), the last digit the least significant.
/// - Zip: the axes run side by side, point i takes the i-th value of every axis; all axes must
///   have the same number of values.
public struct SweepDesign: EnsembleDesign, Equatable {
    public let axes: [SweepAxis]
    public let zip: Bool
    /// The number of points.
    public let pointCount: Int

    /// The most points a sweep may have.
    public static let maximumPoints = 10_000_000

    /// - Throws: `ModelError` for no axis, a key varied twice, zipped axes of unequal length, or
    ///   more than `maximumPoints` points.
    public init(axes: [SweepAxis], zip: Bool) throws(ModelError) {
        guard !axes.isEmpty else {
            throw ModelError("--vary", "no axis given; expected at least one --vary KEY=SPEC")
        }
        var seen: Set<String> = []
        for axis in axes where !seen.insert(axis.path).inserted {
            throw ModelError("--vary \(axis.path)", "the key is varied twice; expected each key in one --vary only")
        }
        if zip {
            let lengths = axes.map(\.values.count)
            guard Set(lengths).count == 1 else {
                let listed = axes.map { "\($0.path) has \($0.values.count)" }.joined(separator: ", ")
                throw ModelError(
                    "--zip", "the --vary lists differ in length (\(listed)); expected lists of equal length with --zip")
            }
            pointCount = lengths[0]
        } else {
            var product = 1
            for axis in axes {
                let (next, overflow) = product.multipliedReportingOverflow(by: axis.values.count)
                guard !overflow, next <= Self.maximumPoints else {
                    throw ModelError(
                        "--vary",
                        "the product of the --vary lists has more than \(Self.maximumPoints) points; expected fewer (or --zip)"
                    )
                }
                product = next
            }
            pointCount = product
        }
        self.axes = axes
        self.zip = zip
    }

    /// The value text of every axis at point `index` (0 ≤ index < pointCount), in axis order.
    public func values(at index: Int) -> [String] {
        precondition(index >= 0 && index < pointCount, "sweep point \(index) outside 0..<\(pointCount)")
        if zip { return axes.map { $0.values[index] } }
        var rest = index
        var values = Array(repeating: "", count: axes.count)
        for (position, axis) in axes.enumerated().reversed() {
            values[position] = axis.values[rest % axis.values.count]
            rest /= axis.values.count
        }
        return values
    }

    /// Point `index` as overrides: each axis's key set to its value text there, read as `--set`
    /// reads it (`Override(path:text:)`), from `--vary`.
    /// - Throws: `ModelError` at `--vary KEY=VALUE` for the first value that is not a value of its key.
    public func overrides(at index: Int) throws(ModelError) -> [EnsembleOverride] {
        var out: [EnsembleOverride] = []
        for (axis, text) in Swift.zip(axes, values(at: index)) {
            out.append(try EnsembleOverride(path: axis.path, text: text, flag: "--vary"))
        }
        return out
    }

    /// How the points are ordered, in words (for the sidecar).
    public var orderDescription: String {
        zip
            ? "zip: point i takes the i-th value of every --vary"
            : "cartesian product in row-major order: the last --vary varies fastest"
    }
}
