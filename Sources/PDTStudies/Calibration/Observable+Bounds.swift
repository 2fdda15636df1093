/// What a fit can use as a measured value of one observable: |value| ≤ `largestValue` and
/// `smallestSD` ≤ sd ≤ `largestSD`, all in the observable's unit. Outside, a value is a typing
/// mistake (a stray exponent) and an sd makes the weight 1/sd² overflow or vanish, so every start
/// of the fit would fail.
public struct MeasurementBounds: Sendable, Equatable {
    public var largestValue: Double
    public var smallestSD: Double
    public var largestSD: Double

    /// The bounds of an observable whose values reach at most about `magnitude` (its unit): values
    /// within ±magnitude, sds from magnitude·10⁻⁹ to magnitude·10³.
    init(magnitude: Double) {
        largestValue = magnitude
        smallestSD = magnitude / 1e9
        largestSD = magnitude * 1e3
    }

    /// Bounds for an observable in arbitrary units (`observables` of a calibration file: predicted
    /// as scale · model + offset): |value| ≤ 10¹², 10⁻¹² ≤ sd ≤ 10¹².
    public static let arbitraryUnits = MeasurementBounds(largestValue: 1e12, smallestSD: 1e-12, largestSD: 1e12)

    init(largestValue: Double, smallestSD: Double, largestSD: Double) {
        self.largestValue = largestValue
        self.smallestSD = smallestSD
        self.largestSD = largestSD
    }
}

extension Observable {
    /// The bounds a measurement of this observable must meet: `MeasurementBounds(magnitude:)` with
    /// the magnitude its declaration states (`TimelineReadout.magnitude`, `SessionReadout.magnitude`).
    public var bounds: MeasurementBounds {
        switch self {
        case .timeline(let readout): MeasurementBounds(magnitude: readout.magnitude)
        case .session(let readout): MeasurementBounds(magnitude: readout.magnitude!)
        }
    }
}
