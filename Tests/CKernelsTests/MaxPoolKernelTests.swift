import CKernels
import Randomness
import Testing

/// The 2×2 max pooling kernel on every instruction set this CPU runs, against the reference
/// and against the rule itself: odd and even sizes (rows of fewer windows than a vector, and
/// of more), ties, NaNs, and results without winners.
@Suite struct MaxPoolKernelTests {
    @Test(arguments: SgemmKernelTests.runnable)
    func matchesTheReferenceOnEverySize(isa: ck_isa) {
        var generator = SeededGenerator(seed: 23)
        for (height, width) in [(2, 2), (3, 5), (28, 28), (14, 14), (9, 40), (4, 67), (7, 33)] {
            let planes = 3, count = planes * height * width
            // Values from a few levels, so that windows hold ties; a NaN every so often.
            let x: [Float] = (0..<count).map { _ in
                generator.nextInt(below: 23) == 0 ? .nan : Float(generator.nextInt(below: 4)) - 1.5
            }
            let outputs = planes * (height / 2) * (width / 2)
            var expectedY = [Float](repeating: 7, count: outputs)
            var winners = [Int32](repeating: -1, count: outputs), expectedWinners = winners
            ck_max_pool_2x2_reference(planes, height, width, x, &expectedY, &expectedWinners)
            // The input and output flush against inaccessible pages: the masked row ends must
            // not read or write past them.
            let source = GuardedFloats(x, flushAgainstTheEnd: true), y = GuardedFloats(count: outputs)
            ck_max_pool_2x2(isa, planes, height, width, source.floats, y.floats, &winners)
            #expect(winners == expectedWinners, "\(height)×\(width)")
            #expect(zip(y.values, expectedY).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(height)×\(width)")

            // The reference against the rule: each winner is its window's first maximum or first NaN.
            for plane in 0..<planes { for oy in 0..<height / 2 { for ox in 0..<width / 2 {
                let first = 2 * oy * width + 2 * ox, window = [first, first + 1, first + width, first + width + 1]
                let values = window.map { x[plane * height * width + $0] }
                let winner = values.firstIndex { $0.isNaN } ?? values.firstIndex(of: values.max()!)!
                let index = (plane * (height / 2) + oy) * (width / 2) + ox
                #expect(expectedWinners[index] == Int32(window[winner]))
            } } }

            var withoutWinners = [Float](repeating: 7, count: outputs)
            ck_max_pool_2x2(isa, planes, height, width, x, &withoutWinners, nil)
            #expect(zip(withoutWinners, expectedY).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
    }
}
