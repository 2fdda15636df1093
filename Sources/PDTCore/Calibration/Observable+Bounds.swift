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
    /// The largest magnitude a measured value of the observable can physically have, in its unit,
    /// with room to spare: relative activities, states and fractions (1 untreated or whole) 10 or
    /// 100; a pore reduction 1000 % (100 % is no pore at all; below 0 the pores look larger);
    /// fluences 10⁴ J/cm²; PpIX and oxygen 10⁴ µM; doses 10⁶ µM; photosensitivity 10⁵ h.
    public var magnitude: Double {
        switch name {
        case "sebaceous_activity", "sebum_relative", "sebaceous_activity_before", "bleached_fraction_epidermis",
            "kill_fraction":
            10
        case "inflammation", "inflammatory_lesions_relative", "flare", "flare_increment", "structural_pore_size",
            "pore_appearance":
            100
        case "pore_reduction_percent": 1000
        case "dose_epidermis_uM", "dose_sebaceous_uM": 1e6
        case "photosensitivity_hours": 1e5
        default: 1e4
        }
    }

    /// The bounds a measurement of this observable must meet (`MeasurementBounds(magnitude:)`).
    public var bounds: MeasurementBounds { MeasurementBounds(magnitude: magnitude) }
}
