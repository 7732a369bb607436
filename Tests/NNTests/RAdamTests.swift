import Foundation
import NN
import Tensors
import Testing

/// RAdam against its algorithm written out in Double, one parameter element at a time: the
/// first steps are momentum SGD (ρₜ ≤ 5), later ones the rectified adaptive step.
@Suite struct RAdamTests {
    /// Algorithm 2 of Liu et al. (2020) as `torch.optim.RAdam` documents it, in Double.
    private func reference(_ θ0: [Double], gradients: [[Double]], α: Double, β1: Double = 0.9, β2: Double = 0.999,
                           ε: Double = 1e-8) -> [[Double]] {
        var θ = θ0, m = θ0.map { _ in 0.0 }, v = m
        let rhoInfinity = 2 / (1 - β2) - 1
        var trajectory: [[Double]] = []
        for (index, g) in gradients.enumerated() {
            let t = Double(index + 1)
            for i in θ.indices {
                m[i] = β1 * m[i] + (1 - β1) * g[i]
                v[i] = β2 * v[i] + (1 - β2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(β1, t))
                let rho = rhoInfinity - 2 * t * pow(β2, t) / (1 - pow(β2, t))
                if rho > 5 {
                    let l = (1 - pow(β2, t)).squareRoot() / (v[i].squareRoot() + ε)
                    let r = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
                    θ[i] -= α * mHat * r * l
                } else {
                    θ[i] -= α * mHat
                }
            }
            trajectory.append(θ)
        }
        return trajectory
    }

    @Test func followsTheAlgorithm() {
        let gradients: [[Double]] = (0..<12).map { (k: Int) -> [Double] in
            let x = Double(k)
            let first: Double = 0.5 * cos(x), second: Double = 0.3 * Double(k % 3) - 1, third: Double = 2 * sin(x + 0.5)
            return [first, second, third]
        }
        let expected = reference([1, -2, 0.5], gradients: gradients, α: 0.1)
        let optimizer = RAdam(learningRate: 0.1)
        let θ = Parameter(Tensor([1, -2, 0.5]))
        for (step, g) in gradients.enumerated() {
            optimizer.update(θ, gradient: Tensor(g.map(Float.init)))
            for (a, e) in zip(θ.value.scalars, expected[step]) {
                #expect(abs(Double(a) - e) <= 1e-5 * max(1, abs(e)), "step \(step + 1): \(θ.value.scalars) against \(expected[step])")
            }
        }
        // By hand: the first step is momentum SGD with m̂ = g, so θ₁ = θ₀ − 0.1·g₁.
        #expect(abs(expected[0][0] - (1 - 0.05)) < 1e-12 && abs(expected[0][1] - (-2 + 0.1)) < 1e-12)
    }

    @Test func checkpointNamesItsState() {
        let optimizer = RAdam()
        let θ = Parameter(Tensor([1, 2]))
        optimizer.update(θ, gradient: Tensor([0.1, 0.2]))
        let tensors = optimizer.stateTensors(named: [("w", θ)])
        #expect(Set(tensors.keys) == ["radam.m.w", "radam.v.w", "radam.step.w"])
    }
}
