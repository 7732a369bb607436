import Tensors

/// Scales all gradients together so that their global L2 norm ‖(g₁, g₂, …)‖ is at most
/// `maxNorm`, and returns the norm before clipping, as `torch.nn.utils.clip_grad_norm_`
/// does (PPO clips at 0.5, A3C at 40). Direction is kept, unlike clipping each element.
/// Nil gradients (parameters the loss does not reach) are skipped. The scale is
/// maxNorm / (norm + 1e-6), PyTorch's, so a norm just above the limit lands just below it.
@discardableResult
public func clipByGlobalNorm(_ gradients: inout [Tensor?], maxNorm: Float) -> Float {
    precondition(maxNorm > 0, "clipByGlobalNorm needs maxNorm > 0, got \(maxNorm)")
    let norm = globalNorm(gradients)
    guard norm > maxNorm else { return norm }
    let scale = maxNorm / (norm + 1e-6)
    for i in gradients.indices {
        guard var g = gradients[i]?.detached() else { continue }
        g.withUnsafeMutableBufferPointer { p in
            let x = p.baseAddress!
            for j in 0..<p.count { x[j] *= scale }
        }
        gradients[i] = g
    }
    return norm
}

/// √(Σ over every element of every gradient of g²), accumulated in Double, eight lanes at a
/// time (eight independent sums instead of one chain of dependent additions; the order is
/// fixed, so the result is the same on every run).
public func globalNorm(_ gradients: [Tensor?]) -> Float {
    var lanes = SIMD8<Double>()
    var total = 0.0
    for case let g? in gradients {
        g.withUnsafeBufferPointer { p in
            let raw = UnsafeRawPointer(p.baseAddress!)
            var j = 0
            while j + 8 <= p.count {
                let x = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self))
                lanes += x * x
                j += 8
            }
            while j < p.count { total += Double(p[j]) * Double(p[j]); j += 1 }
        }
    }
    return Float((total + lanes.sum()).squareRoot())
}
