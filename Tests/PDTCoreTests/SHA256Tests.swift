import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-2 appendix B: one block ('abc') and two blocks (the 448-bit message)")
    func fipsVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("the empty message, and a message whose padding needs a block of its own (56 bytes)")
    func paddingEdges() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: 56)).count == 32)
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 56)) != SHA256.hex([UInt8](repeating: 0x61, count: 55)))
    }
}
