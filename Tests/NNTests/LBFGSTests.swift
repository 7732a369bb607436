import Testing
import NN

/// L-BFGS against plain gradient descent with the same line search (the slow reference) on
/// functions whose minimum is known.
@Suite struct LBFGSTests {
    /// Rosenbrock's valley, f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).
    func rosenbrock(_ p: [Float]) -> (value: Float, gradient: [Float]) {
        let (x, y) = (p[0], p[1])
        return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    /// Iterations of `minimizer` from `start` until f < `tolerance` (or nil after `limit`).
    func iterations(_ minimizer: LBFGS, from start: [Float], tolerance: Float, limit: Int,
                    _ f: ([Float]) -> (value: Float, gradient: [Float])) -> (count: Int, at: [Float])? {
        var x = start, (value, gradient) = f(x)
        for i in 1...limit {
            guard let next = minimizer.step(&x, value: value, gradient: gradient, objective: f) else { return nil }
            (value, gradient) = next
            if value < tolerance { return (i, x) }
        }
        return nil
    }

    @Test func findsRosenbrocksMinimumFarSoonerThanGradientDescent() throws {
        let quasiNewton = try #require(iterations(LBFGS(), from: [-1.2, 1], tolerance: 1e-8, limit: 200, rosenbrock))
        #expect(abs(quasiNewton.at[0] - 1) < 1e-3 && abs(quasiNewton.at[1] - 1) < 1e-3)
        // A history of 1 pair with its scaling cleared each step is gradient descent.
        let steepest = LBFGS(historySize: 1)
        var x: [Float] = [-1.2, 1], (value, gradient) = rosenbrock(x), descentSteps = 0
        while value >= 1e-8 && descentSteps < 20_000 {
            steepest.clearHistory()
            guard let next = steepest.step(&x, value: value, gradient: gradient, objective: rosenbrock) else { break }
            (value, gradient) = next
            descentSteps += 1
        }
        #expect(quasiNewton.count * 20 < descentSteps, "L-BFGS: \(quasiNewton.count) iterations; gradient descent: \(descentSteps)")
    }

    /// ½‖x − c‖² with c partly outside [0, 1]: within the box, the minimum is c clamped to it.
    @Test func keepsToABoxByProjection() throws {
        let c: [Float] = [0.3, 1.7, -0.4, 0.9]
        let f: ([Float]) -> (value: Float, gradient: [Float]) = { x in
            (zip(x, c).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }, zip(x, c).map { $0 - $1 })
        }
        let minimizer = LBFGS()
        var x: [Float] = [0.5, 0.5, 0.5, 0.5], (value, gradient) = f(x)
        for _ in 0..<50 {
            guard let next = minimizer.step(&x, value: value, gradient: gradient, bounds: 0...1, objective: f) else { break }
            (value, gradient) = next
        }
        for (got, wanted) in zip(x, [0.3, 1, 0, 0.9] as [Float]) { #expect(abs(got - wanted) < 1e-4, "\(x)") }
    }
}
