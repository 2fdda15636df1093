import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

@Suite("The quasi-random source: GSL's Sobol sequence and its randomisations")
struct QuasiRandomSequenceTests {
    @Test("point k of a range is point k of the whole sequence, origin at 0")
    func ranges() {
        let sequence = QuasiRandomSequence(dimensions: 3, randomisation: .none)
        let whole = sequence.points(0..<40)
        #expect(Array(whole.prefix(3)) == [0, 0, 0])
        #expect(sequence.points(5..<17) == Array(whole[15..<51]))
        #expect(sequence.rows(5..<7) == [Array(whole[15..<18]), Array(whole[18..<21])])
        #expect(sequence.points(9..<9).isEmpty)
    }

    @Test("a digital shift XORs each coordinate's 32-bit fixed point with a seeded word, then centres it")
    func digitalShift() {
        let plain = QuasiRandomSequence(dimensions: 4, randomisation: .none).points(0..<64)
        let shifted = QuasiRandomSequence(dimensions: 4, randomisation: .digitalShift(seed: 11)).points(0..<64)
        let random = RandomGenerator(seed: 11)
        let words = (0..<4).map { _ in random.bits32() }
        let scale = 4_294_967_296.0
        for (index, x) in plain.enumerated() {
            #expect(shifted[index] == (Double(UInt32(x * scale) ^ words[index % 4]) + 0.5) / scale)
        }
        #expect(shifted.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("a rotation adds a seeded uniform to each coordinate modulo 1 (Cranley–Patterson)")
    func rotation() {
        let plain = QuasiRandomSequence(dimensions: 2, randomisation: .none).points(1..<33)
        let rotated = QuasiRandomSequence(dimensions: 2, randomisation: .rotation(seed: 7)).points(1..<33)
        let random = RandomGenerator(seed: 7)
        let shifts = [random.halfOpenUniform(), random.halfOpenUniform()]
        for (index, x) in plain.enumerated() {
            #expect(rotated[index] == (x + shifts[index % 2]).truncatingRemainder(dividingBy: 1))
        }
        #expect(rotated != QuasiRandomSequence(dimensions: 2, randomisation: .rotation(seed: 8)).points(1..<33))
    }

    @Test("one dimension limit, GSL's 40, and one message")
    func limit() {
        #expect(QuasiRandomSequence.maximumDimensions == 40)
        #expect(QuasiRandomSequence.dimensionProblem(40, of: "inputs") == nil)
        #expect(
            QuasiRandomSequence.dimensionProblem(41, of: "parameters")
                == "41 parameters; expected at most 40 (the dimensions of gsl_qrng_sobol)")
        #expect(SobolDesign.maximumDimensions == 20)
        _ = QuasiRandomSequence(dimensions: 40, randomisation: .digitalShift(seed: 1)).points(0..<2)
    }

    @Test("a discrete-only search sampled from more than 40 Sobol dimensions is refused, not a crash")
    func discreteSearchLimit() {
        let domains = [SearchDomain](repeating: .values([0, 1, 2]), count: 41)
        let search = ConstrainedSearch(domains: domains, bounds: [], settings: SearchSettings())
        #expect(!search.enumerates)
        #expect(
            search.unsupportedReason == "41 discrete variables; expected at most 40 (the dimensions of gsl_qrng_sobol)")
        let small = ConstrainedSearch(
            domains: [SearchDomain](repeating: .values([0, 1]), count: 3), bounds: [], settings: SearchSettings())
        #expect(small.unsupportedReason == nil)
    }

    @Test("derived seeds: stream k of seed s is s + k modulo 2⁶⁴")
    func streams() {
        #expect(RandomGenerator.seed(5, stream: 0) == 5)
        #expect(RandomGenerator.seed(5, stream: 3) == 8)
        #expect(RandomGenerator.seed(.max, stream: 1) == 0)
    }
}
