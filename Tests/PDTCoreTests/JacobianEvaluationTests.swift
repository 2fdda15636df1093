import Testing

@testable import PDTCore
@testable import PDTNumerics

/// The stepper's Jacobian evaluation (`ODECallbacks.evaluateJacobian`): what it zeroes, what it checks,
/// and the branch-free finiteness test it checks with.
@Suite struct JacobianEvaluationTests {
    @Test("allFinite gives isFinite's verdict on every kind of Double, at any position")
    func allFiniteVerdict() {
        let finite: [Double] = [
            0, -0.0, 1, -1, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 0x1p1023, .pi,
        ]
        let nonFinite: [Double] = [.infinity, -.infinity, .nan, -.nan, .signalingNaN, Double(bitPattern: ~0)]
        func check(_ values: [Double]) -> Bool {
            values.withUnsafeBufferPointer { ODECallbacks.allFinite($0.baseAddress!, count: values.count) }
        }
        #expect(check(finite))
        #expect(ODECallbacks.allFinite(UnsafePointer(bitPattern: 8)!, count: 0))
        for bad in nonFinite {
            for position in [0, 4, finite.count] {
                var values = finite
                values.insert(bad, at: position)
                #expect(!check(values), "\(bad) at \(position)")
            }
        }
    }

    /// A tridiagonal system (l = u = 1) whose Jacobian writes `entry` at J[2, 1].
    static func system(entry: Double) -> ODESystem {
        ODESystem(
            dimension: 4, rhs: { _, _, dydt in for i in 0..<4 { dydt[i] = 0 } },
            jacobian: { _, _, dfdy, _ in
                for i in 0..<4 { dfdy[i, i] += 1 }
                dfdy[2, 1] = entry
            }, bandwidth: ODESystem.Bandwidth(lower: 1, upper: 1))
    }

    /// Evaluates `system` into banded storage whose every entry holds `sentinel` beforehand.
    static func evaluate(_ system: ODESystem, sentinel: Double) -> (status: Int32, storage: [Double]) {
        let band = system.bandwidth!
        var storage = [Double](repeating: sentinel, count: system.dimension * band.storageWidth)
        var dfdt = [Double](repeating: sentinel, count: system.dimension)
        let y = [Double](repeating: 0, count: system.dimension)
        let callbacks = ODECallbacks(system: system)
        let status = storage.withUnsafeMutableBufferPointer { matrix in
            dfdt.withUnsafeMutableBufferPointer { time in
                y.withUnsafeBufferPointer { state in
                    callbacks.evaluateJacobian(
                        t: 0, y: state.baseAddress!, into: matrix.baseAddress!, dfdt: time.baseAddress!, band: band)
                }
            }
        }
        #expect(dfdt.allSatisfy { $0 == 0 }, "∂f/∂t is zeroed")
        return (status, storage)
    }

    @Test("a banded evaluation zeroes the band, leaves the fill-in columns alone and checks the band")
    func bandOnly() {
        // Storage width 2l + u + 1 = 4: column 0 is fill-in, 1 … 3 the band (diagonal at 2).
        let (status, storage) = Self.evaluate(Self.system(entry: 5), sentinel: 7)
        #expect(status == GSLStatus.success.code)
        for j in 0..<4 {
            #expect(storage[j * 4] == 7, "fill-in of row \(j) untouched")
            #expect(storage[j * 4 + 2] == 1, "J[\(j), \(j)]: zeroed, then += 1")
        }
        // J[2, 1] sits in row 1 of the storage at l + u + 2 − 1 = 3.
        #expect(storage[1 * 4 + 3] == 5)
        #expect(storage[0 * 4 + 1] == 0 && storage[2 * 4 + 3] == 0, "other band entries zeroed")

        // A non-finite band entry fails the evaluation; a non-finite fill-in entry is no entry of J.
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(Self.evaluate(Self.system(entry: bad), sentinel: 0).status == GSLStatus.badFunction.code)
        }
        #expect(Self.evaluate(Self.system(entry: 5), sentinel: .nan).status == GSLStatus.success.code)
    }
}
