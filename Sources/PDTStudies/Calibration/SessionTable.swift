import Foundation
import PDTCore
import PDTNumerics

/// One protocol's session as a function of the sebaceous activity S held before it: run at a few
/// S nodes once, read at any S in between by interpolation (`ResponseReplay`, sebaceous path).
///
/// A session depends on S only through its sebaceous synthesis (`SessionModel.run`), and not on its
/// number or day, so one table serves every session of a protocol. The nodes are the m
/// Chebyshev–Lobatto points of [S_lo, 1], Sₖ = S_lo + (1 − S_lo)(1 − cos(kπ/(m − 1)))/2, denser at the
/// ends where a natural spline's error is largest; S = 1 (the first session, and any session after
/// full recovery) is a node, so a one-session protocol is exact. Every numeric readout is
/// interpolated in S by `Interpolant` (`gsl_interp_cspline`); `sebaceousActivityBefore` is S itself;
/// the censoring flag and the solver statistics are the nearest node's. An S below S_lo (which the
/// bound `lowestActivity` excludes) is run exactly.
public struct SessionTable: Sendable {
    /// The readouts interpolated in S.
    static var interpolated: [WritableKeyPath<SessionResult, Double>] {
        [
            \.incidentFluenceJPerCm2, \.ppixWeightedFluenceJPerCm2, \.ppixEpidermisAtLightOn, \.ppixSebaceousAtLightOn,
            \.ppixEpidermisAtLightOff, \.ppixSebaceousAtLightOff, \.bleachedFractionEpidermis, \.minimumOxygenUM,
            \.doseEpidermisUM, \.doseSebaceousUM, \.photosensitivityHours, \.prodrugUptakeNmolPerCm2,
        ]
    }

    /// The default number of nodes. The largest timeline error, relative to the run's largest pore
    /// reduction, at the two points of `CalibrationReplayTests` where S moves most: 4.4e-6 with 5
    /// nodes, 1.6e-7 with 7, 3.4e-7 with 9 (beyond 7 the sessions' own solver tolerance sets the
    /// floor); over all its test points and arms, 1.0e-6 with 7 (4.6e-7 with 9), a hundredth of the
    /// 1e-4 asked for.
    public static let defaultNodes = 7

    public let nodes: [Double]
    public let results: [SessionResult]
    let interpolants: [Interpolant]
    let simulator: ProtocolSimulator
    let cache: IncubationCache?

    /// Runs `simulator`'s session at `count` nodes on [lowest, 1].
    /// Precondition: 0 ≤ lowest < 1, count ≥ 3.
    public init(
        simulator: ProtocolSimulator, lowest: Double, count: Int = defaultNodes, kind: Interpolant.Kind = .cspline,
        cache: IncubationCache? = nil
    ) throws {
        precondition(lowest >= 0 && lowest < 1 && count >= 3, "a session table needs 0 ≤ S_lo < 1 and 3 nodes")
        var nodes = (0..<count).map { k in
            lowest + (1 - lowest) * (1 - cos(Double(k) * Double.pi / Double(count - 1))) / 2
        }
        nodes[0] = lowest
        nodes[count - 1] = 1
        let results = try nodes.map { s in try simulator.sessionModel.run(sebaceousActivity: s, cache: cache) }
        self.nodes = nodes
        self.results = results
        self.simulator = simulator
        self.cache = cache
        interpolants = Self.interpolated.map { path in
            Interpolant(nodes: nodes, values: results.map { $0[keyPath: path] }, kind: kind)
        }
    }

    /// The session at sebaceous activity `s`: the node's result at a node, else interpolated.
    public func result(at s: Double) throws -> SessionResult {
        if let k = nodes.firstIndex(of: s) { return results[k] }
        guard s > nodes[0] && s < 1 else { return try simulator.sessionModel.run(sebaceousActivity: s, cache: cache) }
        let nearest = nodes.indices.min { abs(nodes[$0] - s) < abs(nodes[$1] - s) }!
        var out = results[nearest]
        out.sebaceousActivityBefore = s
        for (path, interpolant) in zip(Self.interpolated, interpolants) { out[keyPath: path] = interpolant(s) }
        return out
    }

    /// A lower bound of S before any session of `schedule` under kill fractions ≤ `killMax`:
    /// S only falls at a session, by the factor 1 − kill ≥ 1 − s_max, and recovers in between, so
    /// S ≥ (1 − s_max)^(sessions − 1) before the last session.
    public static func lowestActivity(sessions: Int, killMax: Double) -> Double {
        pow(max(1 - killMax, 0), Double(max(sessions - 1, 0)))
    }
}
