import Foundation
import PDTNumerics

/// Which measurements share one standard deviation σ (a noise group), and the checks a group must
/// pass.
///
/// By default a row's group is `study:ID/OBSERVABLE` when its arm names a study, else `OBSERVABLE`
/// (shared by every arm that names none). A calibration file's `noise` object pools groups:
/// `{"OBSERVABLE": GROUP, "study:ID/OBSERVABLE": GROUP}` puts every row of that observable (or of
/// that observable within study ID, which takes precedence) into the group named GROUP. Rows of one
/// group give sd on every row (weighted fit) or on none (σ estimated, profiled as n ln(RSS/n),
/// `FitObjective`).
public struct NoiseGroups: Sendable, Equatable {
    /// The study each arm names (an arm that names none is absent).
    public var studies: [String: String] = [:]
    /// The file's `noise` object: an observable or `study:ID/OBSERVABLE` → the group's name.
    public var pooled: [String: String] = [:]

    public init(studies: [String: String] = [:], pooled: [String: String] = [:]) {
        self.studies = studies
        self.pooled = pooled
    }

    /// The noise group of measurement `m`.
    public func group(of m: Measurement) -> String {
        let observable = m.observable.name
        guard let study = studies[m.arm] else { return pooled[observable] ?? observable }
        let own = "study:\(study)/\(observable)"
        return pooled[own] ?? pooled[observable] ?? own
    }

    /// Whether `m`'s group was named in the file's `noise`.
    func isPooled(_ m: Measurement) -> Bool {
        let observable = m.observable.name
        return pooled[observable] != nil || studies[m.arm].map { pooled["study:\($0)/\(observable)"] != nil } == true
    }

    /// Refuses a group in which some rows give an sd and others do not.
    public func checkConsistentSD(_ rows: [Measurement]) throws(ModelError) {
        var order: [String] = []
        var members: [String: [Measurement]] = [:]
        for m in rows {
            let g = group(of: m)
            if members[g] == nil { order.append(g) }
            members[g, default: []].append(m)
        }
        for g in order.sorted() {
            let group = members[g]!
            guard let withSD = group.first(where: { $0.sd != nil }), let without = group.first(where: { $0.sd == nil })
            else { continue }
            if isPooled(without) {
                throw ModelError(
                    "\(without.location): sd",
                    "is blank while \(withSD.location) gives an sd in the same noise group '\(g)'; expected sd on every row of a noise group (weighted fit) or on none (σ estimated)"
                )
            }
            let study = studies[without.arm]
            let observable = without.observable.name
            let within = study.map { " in study '\($0)'" } ?? ""
            throw ModelError(
                "\(without.location): sd",
                "is blank while \(withSD.location) gives an sd for the same observable '\(observable)'\(within); expected sd on every row of an observable\(study == nil ? "" : " of a study") (weighted fit) or on none (σ estimated)"
            )
        }
    }

    /// Refuses a group without sd that has fewer than 2 rows: its σ̂² = RSS/n reaches 0 at any θ
    /// that fits the one row, and n ln(RSS/n) drives the deviance to −∞.
    public func checkEstimable(_ rows: [Measurement]) throws(ModelError) {
        var counts: [String: [Measurement]] = [:]
        for m in rows where m.sd == nil { counts[group(of: m), default: []].append(m) }
        for g in counts.keys.sorted() where counts[g]!.count < 2 {
            throw ModelError(
                counts[g]![0].location,
                "noise group '\(g)' has this one row without sd, so its σ cannot be estimated (the deviance would fall to −∞ as the fit matches it); expected at least 2 rows per estimated σ: give the row an sd, or pool the group with another in the calibration's \"noise\""
            )
        }
    }
}
