import Testing
import Tensors
import NN

private func meanAndVariance(_ t: Tensor) -> (mean: Double, variance: Double) {
    let x = t.scalars.map(Double.init)
    let mean = x.reduce(0, +) / Double(x.count)
    return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count))
}

/// AᵀA for a row-major [rows, columns] matrix, in Double.
private func gram(_ a: [Float], rows: Int, columns: Int, ofRows: Bool) -> [[Double]] {
    let n = ofRows ? rows : columns
    return (0..<n).map { i in
        (0..<n).map { j in
            ofRows ? (0..<columns).reduce(0.0) { $0 + Double(a[i * columns + $1]) * Double(a[j * columns + $1]) }
                   : (0..<rows).reduce(0.0) { $0 + Double(a[$1 * columns + i]) * Double(a[$1 * columns + j]) }
        }
    }
}

private func isScaledIdentity(_ m: [[Double]], scale: Double, tolerance: Double = 1e-5) -> Bool {
    m.indices.allSatisfy { i in m.indices.allSatisfy { j in Swift.abs(m[i][j] - (i == j ? scale : 0)) < tolerance } }
}

@Suite struct Initializers {
    @Test func fansFollowPyTorch() {
        #expect(Initializer.fans(of: [64, 128]) == (128, 64))
        #expect(Initializer.fans(of: [16, 3, 5, 5]) == (75, 400))  // C·KH·KW, O·KH·KW
    }

    @Test func glorotUniformBoundAndVariance() {
        var generator = SeededGenerator(seed: 1)
        let w = Initializer.glorotUniform()([64, 128], generator: &generator)
        let bound: Float = (6.0 / 192).squareRoot()  // 0.1767767
        let values = w.scalars
        #expect(values.allSatisfy { Swift.abs($0) <= bound })
        #expect(values.map { Swift.abs($0) }.max()! > 0.99 * bound)
        // U(−a, a) has variance a²/3 = 2/(fanIn + fanOut).
        let (mean, variance) = meanAndVariance(w)
        #expect(Swift.abs(mean) < 0.005)
        #expect(Swift.abs(variance / (2.0 / 192) - 1) < 0.05)
    }

    @Test func heNormalStandardDeviation() {
        var generator = SeededGenerator(seed: 2)
        let w = Initializer.heNormal()([256, 100], generator: &generator)
        let (mean, variance) = meanAndVariance(w)
        // σ = √2/√100 = 0.1414
        #expect(Swift.abs(mean) < 0.005)
        #expect(Swift.abs(variance.squareRoot() / (2.0 / 100).squareRoot() - 1) < 0.03)
    }

    @Test func heUniformBound() {
        var generator = SeededGenerator(seed: 3)
        let w = Initializer.heUniform()([32, 8, 3, 3], generator: &generator)
        let bound: Float = (6.0 / 72).squareRoot()  // √2·√(3/fanIn), fanIn = 8·3·3
        #expect(w.scalars.allSatisfy { Swift.abs($0) <= bound })
    }

    @Test func orthogonalShapes() {
        var generator = SeededGenerator(seed: 4)
        // Wide: orthonormal rows. Tall: orthonormal columns. Square: both.
        let wide = Initializer.orthogonal()([4, 10], generator: &generator)
        #expect(isScaledIdentity(gram(wide.scalars, rows: 4, columns: 10, ofRows: true), scale: 1))
        let tall = Initializer.orthogonal()([10, 4], generator: &generator)
        #expect(isScaledIdentity(gram(tall.scalars, rows: 10, columns: 4, ofRows: false), scale: 1))
        let square = Initializer.orthogonal()([6, 6], generator: &generator)
        #expect(isScaledIdentity(gram(square.scalars, rows: 6, columns: 6, ofRows: true), scale: 1))
        #expect(isScaledIdentity(gram(square.scalars, rows: 6, columns: 6, ofRows: false), scale: 1))
    }

    @Test func orthogonalConvFilterWithGain() {
        // [8, 2, 3, 3] is viewed as [8, 18]; gain 2 makes QQᵀ = 4·I.
        var generator = SeededGenerator(seed: 5)
        let w = Initializer.orthogonal(gain: 2)([8, 2, 3, 3], generator: &generator)
        #expect(w.shape == [8, 2, 3, 3])
        #expect(isScaledIdentity(gram(w.scalars, rows: 8, columns: 18, ofRows: true), scale: 4, tolerance: 4e-5))
    }

    @Test func zerosAndConstant() {
        var generator = SeededGenerator(seed: 6)
        #expect(Initializer.zeros([3], generator: &generator).scalars == [0, 0, 0])
        #expect(Initializer.constant(0.5)([2], generator: &generator).scalars == [0.5, 0.5])
    }

    @Test func sameSeedSameValues() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        #expect(Initializer.orthogonal()([5, 3], generator: &a).scalars == Initializer.orthogonal()([5, 3], generator: &b).scalars)
    }
}
