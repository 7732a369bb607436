import Testing
import Tensors

@Suite struct TensorBasics {
    @Test func copyOnWriteKeepsValueSemantics() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        var b = a
        b[0, 0] = 10
        #expect(a.scalars == [1, 2, 3, 4])
        #expect(b.scalars == [10, 2, 3, 4])
    }

    @Test func writesThroughBufferPointersCopyOnlyWhenShared() {
        var a = Tensor(shape: [3], scalars: [1, 2, 3])
        let start = a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        a.withUnsafeMutableBufferPointer { $0[0] = 5 }
        // Unshared: written in place.
        #expect(a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == start)
        let b = a
        a.withUnsafeMutableBufferPointer { $0[1] = 7 }
        #expect(a.scalars == [5, 7, 3])
        #expect(b.scalars == [5, 2, 3])
        #expect(a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } != start)
    }

    /// Views that share storage (reshape, requiringGradient, detached) are still values.
    @Test func derivedTensorsDoNotSeeLaterWrites() {
        var a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let reshaped = a.reshaped([4])
        let leaf = a.requiringGradient()
        let constant = leaf.detached()
        a[1, 1] = 40
        #expect(reshaped.scalars == [1, 2, 3, 4])
        #expect(leaf.scalars == [1, 2, 3, 4])
        #expect(constant.scalars == [1, 2, 3, 4])
        var r = reshaped
        r[0] = -1
        #expect(reshaped.scalars == [1, 2, 3, 4])
        #expect(a.scalars == [1, 2, 3, 40])
    }

    @Test func mutatingALeafCopyLeavesTheGraphInputAlone() {
        let x = Tensor([1, 2]).requiringGradient()
        let y = (x * x).sum()
        var changed = x
        changed[0] = 100
        // The saved input of the product is the original value.
        #expect(y.gradients()[x]?.scalars == [2, 4])
        #expect(x.scalars == [1, 2])
    }

    @Test func initializers() {
        let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(m.shape == [2, 3] && m.rank == 2 && m.count == 6)
        #expect(m[1, 0] == 4 && m[0, 2] == 3)
        let v = Tensor([1, 2, 3])
        #expect(v.shape == [3] && v.rank == 1)
        let s = Tensor(5)
        #expect(s.shape == [] && s.rank == 0 && s.count == 1 && s.scalar == 5 && s[] == 5)
        #expect(Tensor(zeros: [2, 2]).scalars == [0, 0, 0, 0])
        #expect(Tensor(ones: [3]).scalars == [1, 1, 1])
        #expect(Tensor(repeating: 2.5, shape: [1, 2]).scalars == [2.5, 2.5])
        let empty = Tensor(zeros: [0, 3])
        #expect(empty.count == 0 && empty.scalars.isEmpty)
        #expect(!m.requiresGradient)
        #expect(m.requiringGradient().requiresGradient)
        #expect(Tensor(shape: [1, 1], scalars: [9]).scalar == 9)
    }

    @Test func subscriptIsRowMajor() {
        var t = Tensor(zeros: [2, 3, 4])
        t[1, 2, 3] = 1
        t[0, 1, 0] = 2
        #expect(t.scalars[23] == 1)
        #expect(t.scalars[4] == 2)
        #expect(t[1, 2, 3] == 1)
    }

    @Test(arguments: [
        (from: [2, 3, 4], to: [-1, 4], expected: [6, 4]),
        (from: [2, 3, 4], to: [4, -1, 2], expected: [4, 3, 2]),
        (from: [2, 3, 4], to: [-1], expected: [24]),
        (from: [2, 3, 4], to: [2, 12, -1], expected: [2, 12, 1]),
        (from: [1], to: [-1, 1, 1], expected: [1, 1, 1]),
        (from: [0, 3], to: [3, -1], expected: [3, 0]),
    ])
    func reshapeInfersTheMissingDimension(from: [Int], to: [Int], expected: [Int]) {
        let x = Tensor(shape: from, scalars: (0..<from.reduce(1, *)).map(Float.init))
        let y = x.reshaped(to)
        #expect(y.shape == expected)
        #expect(y.scalars == x.scalars)
    }

    @Test func approximateEquality() {
        let a = Tensor([1, 2, 3])
        #expect(a.isApproximatelyEqual(to: Tensor([1, 2, 3.000_01])))
        #expect(!a.isApproximatelyEqual(to: Tensor([1, 2, 3.01])))
        #expect(!a.isApproximatelyEqual(to: Tensor(shape: [1, 3], scalars: [1, 2, 3])))
        #expect(!Tensor([.nan]).isApproximatelyEqual(to: Tensor([.nan])))
    }

    @Test func description() {
        #expect(Tensor([1, 2]).description == "Tensor(shape: [2], [1.0, 2.0])")
        #expect(Tensor(zeros: [20]).description.hasSuffix(", …])"))
    }
}
