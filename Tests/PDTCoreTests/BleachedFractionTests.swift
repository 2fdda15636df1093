import Testing

@testable import PDTCore

@Suite("bleached fraction of the epidermal PpIX")
struct BleachedFractionTests {
    @Test("1 − off/on, negative when PpIX grows under the light, and 0 (not NaN or −∞) without PpIX at light-on")
    func fraction() {
        #expect(SessionResult.bleachedFraction(on: 10, off: 4) == 0.6)
        #expect(SessionResult.bleachedFraction(on: 10, off: 12) < 0)
        #expect(SessionResult.bleachedFraction(on: 0, off: 0) == 0)
        #expect(SessionResult.bleachedFraction(on: 0, off: 3) == 0)
    }
}
