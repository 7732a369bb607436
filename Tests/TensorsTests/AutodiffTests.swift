import Dispatch
import Foundation
import Testing
import Tensors
import TestSupport

@Suite struct AutodiffTests {
    // MARK: accumulation and reuse

    @Test func reusedValueAccumulatesItsGradient() {
        let x = Tensor([1, -2, 3]).requiringGradient()
        // d/dx (x·x + x) = 2x + 1
        #expect((x * x + x).sum().gradients()[x]?.scalars == [3, -3, 7])
        // Used four times through different paths: d/dx (x + 2x + x·3) = 6
        #expect((x + 2 * x + x * Tensor([3, 3, 3])).sum().gradients()[x]?.scalars == [6, 6, 6])
        checkGradients(of: { inputs in
            let h = inputs[0].tanh()
            return h * h + h.exp() * inputs[0] - h.sum(alongAxis: 1, keepingDims: true)
        }, at: [randomInput([3, 4], seed: 101)])
    }

    /// A diamond: one intermediate feeding two branches that join again.
    @Test func diamondGraph() {
        let x = Tensor([0.5, -1]).requiringGradient()
        let h = x * 3
        let y = (h.exp() + h.squared()).sum()
        // dy/dx = 3·(e^{3x} + 2·3x)
        let expected = x.scalars.map { 3 * (Foundation.exp(3 * $0) + 6 * $0) }
        let gradient = y.gradients()[x]!
        expectClose(gradient, shape: [2], expected)
    }

    // MARK: backpropagation through time

    /// h ← tanh(W·h + U·xₜ) over 20 steps, every hidden state used by the loss.
    @Test func recurrenceOverTwentySteps() {
        let hidden = 4, features = 3, steps = 20
        let xs = (0..<steps).map { randomInput([features, 1], seed: 200 + UInt64($0)) }
        func run(_ inputs: [Tensor]) -> Tensor {
            let w = inputs[0], u = inputs[1]
            var h = inputs[2]
            var states: [Tensor] = []
            for x in xs {
                h = (w.matmul(h) + u.matmul(x)).tanh()
                states.append(h)
            }
            return Tensor.concat(states, axis: 1)  // [hidden, steps]
        }
        let w = randomInput([hidden, hidden], seed: 102, range: -0.7...0.7)
        let u = randomInput([hidden, features], seed: 103)
        let h0 = randomInput([hidden, 1], seed: 104)
        checkGradients(of: run, at: [w, u, h0])

        // The check above is not vacuous for the initial state: its gradient is far from zero.
        let leaves = [w, u, h0].map { $0.requiringGradient() }
        let grads = run(leaves).sum().gradients()
        #expect(grads[leaves[2]]!.scalars.map(abs).max()! > 0.05)
        #expect(grads.count == 3)
    }

    /// A long chain (5000 steps) does not overflow the stack when sorted or freed.
    @Test func longChain() {
        let x = Tensor([1]).requiringGradient()
        var y = x
        for _ in 0..<5000 { y = y * 1 + 0 }
        #expect(y.sum().gradients()[x]?.scalars == [1])
    }

    // MARK: what gradients are reported for

    @Test func gradientWithRespectToInputs() {
        // loss = Σ x·W: d/dx[i, k] = Σⱼ W[k, j], the same for every row i.
        let w = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]).requiringGradient()
        let x = Tensor(shape: [2, 3], scalars: [1, 0, -1, 2, 1, 0]).requiringGradient()
        let grads = x.matmul(w).sum().gradients()
        #expect(grads[x]?.scalars == [3, 7, 11, 3, 7, 11])
        #expect(grads[w]?.scalars == [3, 3, 1, 1, -1, -1])
        #expect(grads.count == 2)
        // An input that is a leaf while the parameters are constants.
        let constantW = w.detached()
        let inputOnly = x.matmul(constantW).relu().sum().gradients()
        #expect(inputOnly.count == 1)
        #expect(inputOnly[w] == nil)
        #expect(inputOnly[x] != nil)
        checkGradients(of: { ($0[0].matmul(constantW) * 0.3).tanh().softmax() }, at: [randomInput([2, 3], seed: 105)])
    }

    @Test func unreachedLeavesGetNoGradient() {
        let a = Tensor([1, 2]).requiringGradient()
        let b = Tensor([3, 4]).requiringGradient()
        let constant = Tensor([5, 6])
        let grads = (a * constant).sum().gradients()
        #expect(grads.count == 1)
        #expect(grads[a]?.scalars == [5, 6])
        #expect(grads[b] == nil)
        #expect(grads[constant] == nil)
        // A leaf used only in a branch the loss does not depend on.
        _ = b.exp()
        #expect((a * 2).sum().gradients()[b] == nil)
        // An output that does not depend on any leaf gives no gradients at all.
        #expect(constant.sum().gradients().count == 0)
    }

    @Test func seededGradientIsAVectorJacobianProduct() {
        let x = Tensor([1, 2, 3]).requiringGradient()
        let grads = (x * x).gradients(seed: Tensor([1, 0, -1]))
        #expect(grads[x]?.scalars == [2, 0, -6])
        // The output itself as a leaf: its gradient is the seed.
        #expect(x.gradients(seed: Tensor([4, 5, 6]))[x]?.scalars == [4, 5, 6])
    }

    // MARK: stopping recording

    @Test func withoutGradientsRecordsNothing() {
        let x = Tensor([1, 2]).requiringGradient()
        #expect(GradientMode.isEnabled)
        let y = withoutGradients { (x * x).exp().sum() }
        #expect(!y.requiresGradient)
        #expect(y.gradients().count == 0)
        withoutGradients {
            #expect(!GradientMode.isEnabled)
            withoutGradients { #expect(!GradientMode.isEnabled) }
            // Still off after the inner block ends.
            #expect(!GradientMode.isEnabled)
            #expect(!(x + 1).requiresGradient)
        }
        #expect(GradientMode.isEnabled)
        let z = (x * x).sum()
        #expect(z.requiresGradient)
        #expect(z.gradients()[x]?.scalars == [2, 4])
        // The leaf made inside the block still records outside it.
        let inside = withoutGradients { Tensor([3]).requiringGradient() }
        #expect((inside * inside).sum().gradients()[inside]?.scalars == [6])
    }

    struct Failure: Error {}

    @Test func withoutGradientsRestoresRecordingWhenItThrows() {
        #expect(throws: Failure.self) { try withoutGradients { throw Failure() } }
        #expect(GradientMode.isEnabled)
        #expect((Tensor([1]).requiringGradient() * 2).requiresGradient)
    }

    @Test func detachedStopsGradients() {
        let x = Tensor([1, -2, 3]).requiringGradient()
        #expect(!x.detached().requiresGradient)
        #expect(x.detached().scalars == x.scalars)
        // x·stop(x): only the live factor is differentiated.
        #expect((x.detached() * x).sum().gradients()[x]?.scalars == [1, -2, 3])
        #expect((x.detached() * x.detached()).sum().gradients()[x] == nil)
        // A detached intermediate cuts off everything before it (a target network's value).
        let target = (x * 5).exp().detached()
        #expect((target + x).sum().gradients()[x]?.scalars == [1, 1, 1])
    }

    // MARK: freeing the graph

    /// Where a tensor's storage lives; a write through `withUnsafeMutableBufferPointer` keeps it
    /// only when nothing else (a saved activation in the graph, say) refers to the storage.
    private func address(_ t: Tensor) -> UInt {
        t.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    @Test func differentiatingFreesSavedActivations() {
        let x = Tensor([0.5, 1, 2]).requiringGradient()
        var h = x.exp()  // saved by exp's pullback and by the product's
        let loss = (h * h).sum()
        let before = address(h)
        _ = loss.gradients()
        h.withUnsafeMutableBufferPointer { _ in }
        #expect(address(h) == before, "the graph still holds h's storage after gradients()")
    }

    @Test func retainingTheGraphAllowsASecondPass() {
        let x = Tensor([0.5, 1, 2]).requiringGradient()
        let w = Tensor([3, -1, 2]).requiringGradient()
        var h = (x * w).tanh()
        let loss = (h * h + x).sum()
        let before = address(h)
        let first = loss.gradients(retainingGraph: true)
        let second = loss.gradients()
        #expect(first[x]?.scalars == second[x]?.scalars)
        #expect(first[w]?.scalars == second[w]?.scalars)
        #expect(first[x] != nil && first[w] != nil)
        // The retained graph held h's storage until the second, freeing pass.
        h.withUnsafeMutableBufferPointer { _ in }
        #expect(address(h) == before)
    }

    @Test func retainedGraphKeepsSavedActivations() {
        let x = Tensor([0.5, 1, 2]).requiringGradient()
        var h = x.exp()
        let loss = (h * h).sum()
        let before = address(h)
        _ = loss.gradients(retainingGraph: true)
        h.withUnsafeMutableBufferPointer { _ in }
        // Shared with the retained graph: the write copied the storage instead of changing it.
        #expect(address(h) != before)
        _ = loss.gradients()
    }

    @Test func secondPassOverAFreedGraphIsRefused() async {
        await #expect(processExitsWith: .failure) {
            let x = Tensor([1, 2]).requiringGradient()
            let loss = (x.exp() * x).sum()
            _ = loss.gradients()
            _ = loss.gradients()
        }
    }

    // MARK: threads

    /// A small two-layer network's loss on one input, over weights shared by every thread.
    private static func loss(w1: Tensor, w2: Tensor, input: Tensor) -> Tensor {
        let hidden = input.matmul(w1).tanh()
        return (hidden.matmul(w2).logSoftmax() * -1).mean() + (w1 * w1).sum() * 0.01
    }

    @Test func threadsDifferentiateTheirOwnGraphsOverSharedLeaves() {
        let w1 = randomInput([5, 8], seed: 110).requiringGradient()
        let w2 = randomInput([8, 3], seed: 111).requiringGradient()
        let inputs = (0..<8).map { randomInput([4, 5], seed: 120 + UInt64($0)) }
        let expected = inputs.map { input in
            let grads = Self.loss(w1: w1, w2: w2, input: input).gradients()
            return [grads[w1]!.scalars, grads[w2]!.scalars]
        }
        // Every thread differentiates every input several times; any result that differs
        // from the single-threaded one by a single bit is counted.
        let threads = 4, rounds = 5
        let mismatches = LockedArray<Int>(repeating: 0, count: threads)
        let passes = LockedArray<Int>(repeating: 0, count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for _ in 0..<rounds {
                for (i, input) in inputs.enumerated() {
                    let grads = Self.loss(w1: w1, w2: w2, input: input).gradients()
                    if [grads[w1]!.scalars, grads[w2]!.scalars] != expected[i] { mismatches[thread] += 1 }
                    passes[thread] += 1
                }
            }
        }
        for thread in 0..<threads {
            #expect(mismatches[thread] == 0, "thread \(thread)")
            #expect(passes[thread] == rounds * inputs.count)
        }
    }

    /// Recording switched off on one thread is still on for another, at the same moment.
    @Test func gradientModeIsPerThread() {
        let x = Tensor([1, 2]).requiringGradient()
        let quietThreadIsInside = DispatchSemaphore(value: 0)
        let recordingThreadIsDone = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let observations = LockedArray<Bool?>(repeating: nil, count: 4)
        let quiet = Thread {
            withoutGradients {
                quietThreadIsInside.signal()
                recordingThreadIsDone.wait()
                // Still off here, whatever the other thread did meanwhile.
                observations[2] = GradientMode.isEnabled
                observations[3] = (x * x).requiresGradient
            }
            finished.signal()
        }
        let recording = Thread {
            quietThreadIsInside.wait()
            observations[0] = GradientMode.isEnabled
            observations[1] = (x * x).requiresGradient
            recordingThreadIsDone.signal()
            finished.signal()
        }
        quiet.start()
        recording.start()
        finished.wait()
        finished.wait()
        #expect(observations[0] == true)
        #expect(observations[1] == true)
        #expect(observations[2] == false)
        #expect(observations[3] == false)
        #expect(GradientMode.isEnabled)
    }
}

/// An array that threads write to under a lock.
final class LockedArray<Element>: @unchecked Sendable {
    private var elements: [Element]
    private let lock = NSLock()

    init(repeating value: Element, count: Int) { elements = Array(repeating: value, count: count) }

    subscript(index: Int) -> Element {
        get { lock.withLock { elements[index] } }
        set { lock.withLock { elements[index] = newValue } }
    }
}
