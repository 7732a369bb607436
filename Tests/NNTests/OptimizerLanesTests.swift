import Testing
import Tensors
import NN

// RMSProp and centered RMSProp run their rule eight lanes at a time with the last partial
// group padded (VectorLanes.swift), over the cores when the parameter is large. The
// hand-checked trajectories in OptimizerStepTests use two-element parameters, so only the
// padded group; here 37 elements (four full groups and a partial one) and 40,003 (split over
// the cores inside a group of eight) must end bit for bit where the same elements do when
// updated one at a time. (Adam's lanes: AdamLanesTests.)

private func gradients(step: Int, size: Int) -> [Float] {
    (0..<size).map { i in Float((i * 7 + step * 13) % 23 - 11) * 0.125 }
}

/// θ after three steps as one parameter, and as `size` one-element parameters.
private func wholeAndElementwise(size: Int, _ make: () -> some Optimizer) -> (whole: [Float], elementwise: [Float]) {
    let start = (0..<size).map { Float($0) * 0.25 - 4 }
    let whole = Parameter(Tensor(start)), wholeOptimizer = make()
    let singles = start.map { Parameter(Tensor([$0])) }, singlesOptimizer = make()
    for step in 0..<3 {
        let g = gradients(step: step, size: size)
        wholeOptimizer.update(whole, gradient: Tensor(g))
        singlesOptimizer.update(singles, with: g.map { Tensor([$0]) })
    }
    return (whole.value.scalars, singles.map { $0.value.scalars[0] })
}

@Suite struct OptimizerLanes {
    @Test(arguments: [37, 40_003])
    func rmsPropLanesMatchOneElementAtATime(size: Int) {
        let outside = wholeAndElementwise(size: size) { RMSProp(learningRate: 0.01, decay: 0.9) }
        #expect(outside.whole == outside.elementwise)
        let inside = wholeAndElementwise(size: size) { RMSProp(learningRate: 0.01, decay: 0.9, epsilon: 0.1, epsilonPlacement: .insideSquareRoot) }
        #expect(inside.whole == inside.elementwise)
    }

    @Test(arguments: [37, 40_003])
    func centeredRMSPropLanesMatchOneElementAtATime(size: Int) {
        let result = wholeAndElementwise(size: size) { CenteredRMSProp(learningRate: 0.01, decay: 0.9, epsilon: 0.01) }
        #expect(result.whole == result.elementwise)
    }

    /// A gradient of 1e-20 (its square is subnormal) and then 0 for many steps: the running
    /// averages decay towards 0 and must reach it without passing through subnormal values,
    /// which this CPU computes a hundred times slower.
    @Test func runningAveragesNeverHoldSubnormals() {
        func isZeroOrNormal(_ x: Float) -> Bool { x == 0 || x.isNormal }
        let optimizers: [(any Optimizer, [String])] = [(Adam(learningRate: 0.01), ["m", "v"]),
                                                       (RMSProp(learningRate: 0.01, decay: 0.9), ["meanSquare"]),
                                                       (CenteredRMSProp(learningRate: 0.01, decay: 0.9, epsilon: 0.01), ["meanSquare", "mean"])]
        for (optimizer, slots) in optimizers {
            let θ = Parameter(Tensor([Float](repeating: 1, count: 20)))
            optimizer.update(θ, gradient: Tensor([Float](repeating: 1e-20, count: 20)))
            for _ in 0..<1000 { optimizer.update(θ, gradient: Tensor([Float](repeating: 0, count: 20))) }
            for slot in slots {
                let values = optimizer.state(for: θ).tensor(slot: slot).scalars
                #expect(values.allSatisfy(isZeroOrNormal), "\(optimizer.name) \(slot) holds subnormals")
            }
        }
    }

    @Test func globalNormOfLongGradientsMatchesAPlainSum() {
        // 1,003 and 5 elements: full lane groups, a remainder, and a tensor shorter than a group.
        let a = (0..<1003).map { Float(($0 * 31) % 97) * 0.01 - 0.48 }, b: [Float] = [3, -1, 0.5, 2, -2]
        let reference = (a + b).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(Swift.abs(Double(globalNorm([Tensor(a), nil, Tensor(b)])) - reference) < 1e-5 * reference)
    }
}
