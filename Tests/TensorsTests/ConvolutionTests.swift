import Testing
import Tensors
import TestSupport

/// A convolution's shapes: batch, channels in and out, image and kernel sizes, stride, padding.
struct ConvCase: CustomStringConvertible, Sendable {
    var n, c, o, h, w, kh, kw, stride, padding: Int
    var outputPadding = 0
    var description: String {
        "N\(n) C\(c)→\(o) \(h)×\(w) k\(kh)×\(kw) s\(stride) p\(padding) op\(outputPadding)"
    }
}

/// Shapes covering stride 1/2/4, padding 0/1/2, non-square images and kernels, N and C > 1,
/// output rows short and long, and the single-image path (N = 1) that skips the batch reorder.
let convCases: [ConvCase] = [
    ConvCase(n: 1, c: 1, o: 1, h: 5, w: 5, kh: 3, kw: 3, stride: 1, padding: 0),
    ConvCase(n: 2, c: 3, o: 4, h: 7, w: 6, kh: 3, kw: 2, stride: 1, padding: 1),
    ConvCase(n: 3, c: 2, o: 5, h: 9, w: 11, kh: 3, kw: 3, stride: 2, padding: 1),
    ConvCase(n: 2, c: 4, o: 3, h: 12, w: 11, kh: 4, kw: 5, stride: 2, padding: 2),
    ConvCase(n: 2, c: 2, o: 3, h: 20, w: 16, kh: 8, kw: 8, stride: 4, padding: 0),
    ConvCase(n: 1, c: 3, o: 2, h: 6, w: 9, kh: 1, kw: 3, stride: 1, padding: 2),
    ConvCase(n: 4, c: 1, o: 2, h: 5, w: 4, kh: 5, kw: 4, stride: 3, padding: 0),
    // Output rows of 40 and 18: the long-run copy paths of im2col.
    ConvCase(n: 2, c: 2, o: 2, h: 3, w: 40, kh: 2, kw: 3, stride: 1, padding: 1),
    ConvCase(n: 1, c: 2, o: 3, h: 7, w: 37, kh: 3, kw: 3, stride: 2, padding: 1),
]

@Suite struct Conv2DTests {
    @Test(arguments: convCases) func matchesNaiveReference(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 1)
        let w = randomInput([t.o, t.c, t.kh, t.kw], seed: 2)
        let b = randomInput([t.o], seed: 3)
        let fast = Tensor.conv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding)
        let naive = naiveConv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding)
        #expect(fast.shape == naive.shape)
        #expect(fast.isApproximatelyEqual(to: naive, absoluteTolerance: 1e-4), "\(t)")
        let noBias = Tensor.conv2d(x, filter: w, stride: t.stride, padding: t.padding)
        #expect(noBias.isApproximatelyEqual(to: naiveConv2d(x, filter: w, bias: nil, stride: t.stride, padding: t.padding),
                                            absoluteTolerance: 1e-4), "\(t)")
    }

    @Test func largerThanOneThreadsShareMatchesNaiveReference() {
        // Big enough that im2col, col2im and the reorders split across cores.
        let x = randomInput([4, 3, 24, 20], seed: 4), w = randomInput([8, 3, 3, 3], seed: 5), b = randomInput([8], seed: 6)
        let fast = Tensor.conv2d(x, filter: w, bias: b, stride: 1, padding: 1)
        #expect(fast.isApproximatelyEqual(to: naiveConv2d(x, filter: w, bias: b, stride: 1, padding: 1), absoluteTolerance: 1e-4))
    }

    @Test(arguments: [convCases[1], convCases[2], convCases[3], convCases[5]])
    func gradients(_ t: ConvCase) {
        checkGradients(of: { Tensor.conv2d($0[0], filter: $0[1], bias: $0[2], stride: t.stride, padding: t.padding) },
                       at: [randomInput([t.n, t.c, t.h, t.w], seed: 7), randomInput([t.o, t.c, t.kh, t.kw], seed: 8),
                            randomInput([t.o], seed: 9)])
    }

    @Test func gradientsAtStrideFour() {
        checkGradients(of: { Tensor.conv2d($0[0], filter: $0[1], bias: $0[2], stride: 4) },
                       at: [randomInput([2, 2, 10, 9], seed: 10), randomInput([2, 2, 4, 3], seed: 11), randomInput([2], seed: 12)])
    }

    @Test func gradientOfFilterAloneAndOfInputAlone() {
        // Each pullback also works when the other inputs are constants.
        let x = randomInput([2, 2, 6, 5], seed: 13), w = randomInput([3, 2, 3, 3], seed: 14)
        checkGradients(of: { Tensor.conv2d(x, filter: $0[0], stride: 2, padding: 1) }, at: [w])
        checkGradients(of: { Tensor.conv2d($0[0], filter: w, stride: 2, padding: 1) }, at: [x])
    }

    /// The filter gradient against its definition, on shapes whose packed panels hold several
    /// register tiles and a partial one: the Nature CNN's three layers at small batches, and
    /// the Fashion CNN's padded 3 × 3.
    @Test(arguments: [
        ConvCase(n: 3, c: 4, o: 32, h: 36, w: 36, kh: 8, kw: 8, stride: 4, padding: 0),
        ConvCase(n: 2, c: 32, o: 64, h: 20, w: 20, kh: 4, kw: 4, stride: 2, padding: 0),
        ConvCase(n: 2, c: 64, o: 64, h: 9, w: 9, kh: 3, kw: 3, stride: 1, padding: 0),
        ConvCase(n: 5, c: 3, o: 33, h: 14, w: 14, kh: 3, kw: 3, stride: 1, padding: 1),
    ])
    func filterAndDataGradientsMatchTheirDefinitions(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 21).requiringGradient()
        let w = randomInput([t.o, t.c, t.kh, t.kw], seed: 22, range: -0.2...0.2).requiringGradient()
        let y = Tensor.conv2d(x, filter: w, stride: t.stride, padding: t.padding)
        #expect(y.isApproximatelyEqual(to: naiveConv2d(x, filter: w, bias: nil, stride: t.stride, padding: t.padding),
                                       absoluteTolerance: 1e-3), "\(t)")
        let seed = randomInput(y.shape, seed: 23)
        let gradients = y.gradients(seed: seed)
        let filterGradient = naiveConv2dFilterGradient(x, upstream: seed, kernelSize: (t.kh, t.kw), stride: t.stride,
                                                       padding: t.padding)
        #expect(gradients[w]!.isApproximatelyEqual(to: filterGradient, absoluteTolerance: 2e-3), "\(t)")
        let outputPadding = (t.h + 2 * t.padding - t.kh) % t.stride
        let dataGradient = naiveTransposedConv2d(seed, filter: w, bias: nil, stride: t.stride, padding: t.padding,
                                                 outputPadding: outputPadding)
        #expect(gradients[x]!.isApproximatelyEqual(to: dataGradient, absoluteTolerance: 1e-3), "\(t)")
    }

    /// The ReLU fused into the convolution gives the bits of the convolution followed by a
    /// ReLU: the output, and the gradients of input, filter and bias (one image, whose product
    /// is written in place with the ReLU in its epilogue, and several, reordered to NCHW).
    @Test(arguments: convCases) func fusedReLUGivesTheBitsOfConvolutionThenReLU(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 40).requiringGradient()
        let w = randomInput([t.o, t.c, t.kh, t.kw], seed: 41).requiringGradient()
        let b = randomInput([t.o], seed: 42).requiringGradient()
        let weights = randomInput(Tensor.conv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding).shape, seed: 43)
        func run(fused: Bool) -> [[UInt32]] {
            let y = fused ? Tensor.conv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding, relu: true)
                          : Tensor.conv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding).relu()
            let gradients = (y * weights).sum().gradients()
            return [y, gradients[x]!, gradients[w]!, gradients[b]!].map { $0.scalars.map(\.bitPattern) }
        }
        let fused = run(fused: true), separate = run(fused: false)
        #expect(fused[0].contains(0) && fused[0].contains { Float(bitPattern: $0) > 0 }, "the case should have both signs: \(t)")
        #expect(fused == separate, "\(t)")
    }

    /// The engine's thread count changes which thread computes what, never the bits: batches of
    /// several chunks (the filter gradient's partials), a one-channel 3×3 layer (its filter
    /// gradient through the column matrix), the fused ReLU, on 1, 2 and 3 threads.
    @Test(arguments: [
        ConvCase(n: 32, c: 4, o: 32, h: 44, w: 44, kh: 8, kw: 8, stride: 4, padding: 0),
        ConvCase(n: 90, c: 1, o: 8, h: 28, w: 28, kh: 3, kw: 3, stride: 1, padding: 1),
        ConvCase(n: 5, c: 3, o: 6, h: 13, w: 11, kh: 3, kw: 3, stride: 2, padding: 1),
    ])
    func resultsDoNotDependOnTheThreadCount(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 24).requiringGradient()
        let w = randomInput([t.o, t.c, t.kh, t.kw], seed: 25, range: -0.1...0.1).requiringGradient()
        let b = randomInput([t.o], seed: 26).requiringGradient()
        func run(threads: Int, relu: Bool) -> [[UInt32]] {
            let saved = engineThreadCount
            engineThreadCount = threads
            defer { engineThreadCount = saved }
            let y = Tensor.conv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding, relu: relu)
            let gradients = (y * y).sum().gradients()
            return [y, gradients[x]!, gradients[w]!, gradients[b]!].map { $0.scalars.map(\.bitPattern) }
        }
        for relu in [false, true] {
            let one = run(threads: 1, relu: relu)
            #expect(one == run(threads: 2, relu: relu), "\(t), relu \(relu)")
            #expect(one == run(threads: 3, relu: relu), "\(t), relu \(relu)")
        }
    }

    @Test func inputGradientMatchesTransposedConvolution() {
        // d input of conv2d is transposedConv2d of the upstream gradient with the same filter.
        let x = randomInput([2, 3, 9, 9], seed: 15).requiringGradient(), w = randomInput([4, 3, 3, 3], seed: 16)
        let y = Tensor.conv2d(x, filter: w, stride: 2, padding: 1)
        let seed = randomInput(y.shape, seed: 17)
        let gradient = y.gradients(seed: seed)[x]!
        let outputPadding = (9 + 2 - 3) % 2  // recovers H = 9 from OH = 5
        let transposed = Tensor.transposedConv2d(seed, filter: w, stride: 2, padding: 1, outputPadding: outputPadding)
        #expect(transposed.shape == x.shape)
        #expect(gradient.isApproximatelyEqual(to: transposed, absoluteTolerance: 1e-4))
    }
}

@Suite struct TransposedConv2DTests {
    static let cases: [ConvCase] = [
        ConvCase(n: 1, c: 1, o: 1, h: 3, w: 3, kh: 3, kw: 3, stride: 1, padding: 0),
        ConvCase(n: 2, c: 3, o: 2, h: 4, w: 5, kh: 3, kw: 2, stride: 2, padding: 1, outputPadding: 1),
        ConvCase(n: 3, c: 2, o: 4, h: 5, w: 3, kh: 4, kw: 4, stride: 2, padding: 1),
        ConvCase(n: 2, c: 4, o: 3, h: 3, w: 4, kh: 8, kw: 6, stride: 4, padding: 2, outputPadding: 3),
        ConvCase(n: 1, c: 2, o: 3, h: 6, w: 2, kh: 1, kw: 3, stride: 1, padding: 0),
    ]

    @Test(arguments: cases) func matchesNaiveReference(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 21)
        let w = randomInput([t.c, t.o, t.kh, t.kw], seed: 22)
        let b = randomInput([t.o], seed: 23)
        let fast = Tensor.transposedConv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding,
                                           outputPadding: t.outputPadding)
        let naive = naiveTransposedConv2d(x, filter: w, bias: b, stride: t.stride, padding: t.padding,
                                          outputPadding: t.outputPadding)
        #expect(fast.shape == naive.shape)
        #expect(fast.isApproximatelyEqual(to: naive, absoluteTolerance: 1e-4), "\(t)")
    }

    @Test(arguments: cases.dropFirst()) func gradients(_ t: ConvCase) {
        checkGradients(of: { Tensor.transposedConv2d($0[0], filter: $0[1], bias: $0[2], stride: t.stride,
                                                     padding: t.padding, outputPadding: t.outputPadding) },
                       at: [randomInput([t.n, t.c, t.h, t.w], seed: 24), randomInput([t.c, t.o, t.kh, t.kw], seed: 25),
                            randomInput([t.o], seed: 26)])
    }

    /// ⟨conv2d(x, w), y⟩ = ⟨x, transposedConv2d(y, w)⟩: the two are adjoint linear maps.
    @Test(arguments: convCases) func isTheAdjointOfConvolution(_ t: ConvCase) {
        let x = randomInput([t.n, t.c, t.h, t.w], seed: 27), w = randomInput([t.o, t.c, t.kh, t.kw], seed: 28)
        let convolved = Tensor.conv2d(x, filter: w, stride: t.stride, padding: t.padding)
        let y = randomInput(convolved.shape, seed: 29)
        // The output padding that brings the transposed output back to H×W.
        let outputPadding = (t.h + 2 * t.padding - t.kh) % t.stride
        #expect((t.w + 2 * t.padding - t.kw) % t.stride == outputPadding, "case \(t) needs equal row and column remainders")
        let back = Tensor.transposedConv2d(y, filter: w, stride: t.stride, padding: t.padding, outputPadding: outputPadding)
        #expect(back.shape == x.shape)
        let left = innerProduct(convolved, y), right = innerProduct(x, back)
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "\(t): ⟨conv(x), y⟩ = \(left), ⟨x, convT(y)⟩ = \(right)")
    }
}

@Suite struct PoolingTests {
    /// (N, C, H, W, kernel, stride, padding)
    static let cases: [[Int]] = [
        [1, 1, 4, 4, 2, 2, 0], [2, 3, 7, 5, 3, 2, 1], [2, 2, 6, 9, 3, 1, 1], [1, 2, 9, 8, 4, 4, 2],
        [3, 1, 5, 6, 2, 1, 0], [2, 2, 8, 7, 5, 3, 2],
    ]

    @Test(arguments: cases) func maxPoolMatchesNaiveReference(_ t: [Int]) {
        let x = randomInput(Array(t[0..<4]), seed: 31)
        let fast = x.maxPool2d(kernelSize: t[4], stride: t[5], padding: t[6])
        let naive = naivePool2d(x, kernelSize: t[4], stride: t[5], padding: t[6], max: true)
        #expect(fast.shape == naive.shape)
        #expect(fast.isApproximatelyEqual(to: naive), "\(t)")
    }

    @Test(arguments: cases) func avgPoolMatchesNaiveReference(_ t: [Int]) {
        let x = randomInput(Array(t[0..<4]), seed: 32)
        let fast = x.avgPool2d(kernelSize: t[4], stride: t[5], padding: t[6])
        let naive = naivePool2d(x, kernelSize: t[4], stride: t[5], padding: t[6], max: false)
        #expect(fast.shape == naive.shape)
        #expect(fast.isApproximatelyEqual(to: naive), "\(t)")
    }

    @Test func strideDefaultsToKernelSize() {
        let x = randomInput([1, 1, 6, 6], seed: 33)
        #expect(x.maxPool2d(kernelSize: 3).shape == [1, 1, 2, 2])
        #expect(x.avgPool2d(kernelSize: 2).isApproximatelyEqual(to: x.avgPool2d(kernelSize: 2, stride: 2)))
    }

    @Test func paddingNeverWinsTheMaximum() {
        // All values negative: a padding zero would win if it were a candidate.
        let x = randomInput([1, 1, 3, 3], seed: 34, range: -3 ... -1)
        let pooled = x.maxPool2d(kernelSize: 3, stride: 1, padding: 1)
        #expect(pooled.scalars.allSatisfy { $0 < 0 })
        #expect(pooled.isApproximatelyEqual(to: naivePool2d(x, kernelSize: 3, stride: 1, padding: 1, max: true)))
    }

    @Test(arguments: cases) func maxPoolGradients(_ t: [Int]) {
        checkGradients(of: { $0[0].maxPool2d(kernelSize: t[4], stride: t[5], padding: t[6]) },
                       at: [distinctInput(Array(t[0..<4]), seed: 35)])
    }

    @Test(arguments: cases) func avgPoolGradients(_ t: [Int]) {
        checkGradients(of: { $0[0].avgPool2d(kernelSize: t[4], stride: t[5], padding: t[6]) },
                       at: [randomInput(Array(t[0..<4]), seed: 36)])
    }

    /// Values 0.1 apart in shuffled order: no two within a finite-difference step of each other,
    /// so every window's winner is unambiguous.
    func distinctInput(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        var values = (0..<count).map { Float($0) * 0.1 - Float(count) * 0.05 }
        for i in stride(from: count - 1, to: 0, by: -1) { values.swapAt(i, generator.nextInt(below: i + 1)) }
        return Tensor(shape: shape, scalars: values)
    }
}

@Suite struct Conv2DChunkingTests {
    /// A batch big enough to be split into several GEMM chunks (more than 2¹⁸ column-matrix
    /// elements) gives what each image gives on its own, forward and backward.
    @Test func chunkedBatchMatchesImageByImage() {
        let x = randomInput([7, 8, 24, 24], seed: 41), w = randomInput([3, 8, 3, 3], seed: 42), b = randomInput([3], seed: 43)
        let (xLeaf, wLeaf) = (x.requiringGradient(), w.requiringGradient())
        let batched = Tensor.conv2d(xLeaf, filter: wLeaf, bias: b, stride: 1, padding: 1)
        let seed = randomInput(batched.shape, seed: 44)
        let gradients = batched.gradients(seed: seed)
        var filterGradient = Tensor(zeros: w.shape)
        for n in 0..<7 {
            let image = x.slice(axis: 0, n..<(n + 1)).requiringGradient(), filter = w.requiringGradient()
            let single = Tensor.conv2d(image, filter: filter, bias: b, stride: 1, padding: 1)
            #expect(single.isApproximatelyEqual(to: batched.detached().slice(axis: 0, n..<(n + 1)), absoluteTolerance: 1e-4))
            let imageGradients = single.gradients(seed: seed.slice(axis: 0, n..<(n + 1)))
            #expect(imageGradients[image]!.isApproximatelyEqual(
                to: gradients[xLeaf]!.slice(axis: 0, n..<(n + 1)), absoluteTolerance: 1e-4))
            filterGradient = filterGradient + imageGradients[filter]!
        }
        #expect(filterGradient.isApproximatelyEqual(to: gradients[wLeaf]!, absoluteTolerance: 1e-3))
    }
}
