import Tensors

// Losses built from engine ops, so that they differentiate like any other expression.
// Each returns a scalar with `.mean` (the default) or `.sum`, or per-element values with `.none`.

/// How per-element losses become the returned tensor.
public enum Reduction: Sendable {
    case mean, sum, none

    func apply(_ losses: Tensor) -> Tensor {
        switch self {
        case .mean: losses.mean()
        case .sum: losses.sum()
        case .none: losses
        }
    }
}

/// (prediction − target)², elementwise; the shapes must match (no silent broadcasting of a
/// [N] target against [N, 1] predictions, a classic DQN bug).
public func meanSquaredError(predicted: Tensor, target: Tensor, reduction: Reduction = .mean) -> Tensor {
    precondition(predicted.shape == target.shape,
                 "meanSquaredError needs equal shapes, got predicted \(predicted.shape) and target \(target.shape); reshape one of them")
    return reduction.apply((predicted - target).squared())
}

/// Huber (1964) loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond, with r = prediction − target.
///
/// Quadratic near zero and linear in the tails, so a large TD error gives a gradient of at
/// most δ: with δ = 1 this is the DQN loss (Mnih et al. 2015 clip the error term to [−1, 1])
/// and PyTorch's `smooth_l1_loss` with β = 1. As PyTorch's `huber_loss(delta:)`.
public func huberLoss(predicted: Tensor, target: Tensor, delta: Float = 1, reduction: Reduction = .mean) -> Tensor {
    precondition(predicted.shape == target.shape,
                 "huberLoss needs equal shapes, got predicted \(predicted.shape) and target \(target.shape); reshape one of them")
    precondition(delta > 0, "huberLoss needs delta > 0, got \(delta)")
    let r = (predicted - target).abs()
    // With q = min(r, δ): ½q² + δ(r − q) is ½r² inside and δ(r − ½δ) outside, and its
    // gradient is r inside, δ outside, with no branch for autodiff to follow.
    let q = r.clamped(max: delta)
    return reduction.apply(0.5 * q.squared() + delta * (r - q))
}

/// −log softmax(logits)[label] for logits [N, K] and one class index per row, as PyTorch's
/// `cross_entropy`. Computed through `logSoftmax`, which subtracts the row maximum, so large
/// logits neither overflow nor lose the answer. `.none` gives the [N] per-sample losses.
///
/// Every label must be in 0..<K. An empty batch (N = 0) has no losses: `.none` gives an
/// empty [0] tensor and `.mean` and `.sum` give 0, as `Tensor.mean()` of nothing and the
/// other losses here do (PyTorch's mean gives NaN instead).
public func softmaxCrossEntropy(logits: Tensor, labels: [Int], reduction: Reduction = .mean) -> Tensor {
    precondition(logits.rank == 2, "softmaxCrossEntropy needs logits [N, K], got \(logits.shape)")
    let (rows, classes) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == rows,
                 "softmaxCrossEntropy needs one label per row: \(rows) rows, \(labels.count) labels")
    for (index, label) in labels.enumerated() {
        precondition(label >= 0 && label < classes,
                     "softmaxCrossEntropy label \(label) at index \(index) is out of range: the logits have \(classes) classes, so labels must be in 0..<\(classes)")
    }
    guard rows > 0 else { return reduction.apply(logits.reshaped([0])) }
    let picked = logits.logSoftmax(alongAxis: 1).gather(alongAxis: 1, indices: labels)  // [N, 1]
    return reduction.apply(-picked.reshaped([rows]))
}

/// Binary cross-entropy −[z·log σ(x) + (1 − z)·log(1 − σ(x))] from logits x and targets z
/// in [0, 1], as PyTorch's `binary_cross_entropy_with_logits`.
///
/// Rewritten as softplus(x) − x·z, which equals the above for every x, and whose softplus is
/// max(x, 0) + log(1 + e^−|x|): no exp of a large number, no log of 0.
public func sigmoidCrossEntropy(logits: Tensor, labels: Tensor, reduction: Reduction = .mean) -> Tensor {
    precondition(logits.shape == labels.shape,
                 "sigmoidCrossEntropy needs equal shapes, got logits \(logits.shape) and labels \(labels.shape)")
    return reduction.apply(logits.softplus() - logits * labels)
}
