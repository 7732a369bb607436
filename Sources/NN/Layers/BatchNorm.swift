import Tensors

/// Batch normalization (Ioffe & Szegedy 2015) over the feature axis 1 of [N, C] (PyTorch's
/// BatchNorm1d) or [N, C, H, W] (BatchNorm2d):
///
///     y = (x − μ) / √(σ² + ε) · γ + β
///
/// In training μ and σ² are the batch's, over every axis but the features (σ² biased, as the
/// paper normalizes), and the running statistics move toward them by `momentum`:
/// r ← (1 − momentum)·r + momentum·batch, the running variance taking the unbiased σ² (PyTorch's
/// rule). In evaluation the running statistics normalize instead, so that an example's output
/// does not depend on the rest of its batch. γ ("weight") starts at 1, β ("bias") at 0;
/// "running_mean" and "running_var" are buffers, saved with the parameters.
public final class BatchNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Buffer
    public let runningVariance: Buffer
    public let momentum: Float
    public let epsilon: Float
    public private(set) var isTraining = true

    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        precondition(featureCount > 0, "BatchNorm needs a positive feature count, got \(featureCount)")
        precondition(momentum >= 0 && momentum <= 1 && epsilon > 0, "BatchNorm needs momentum in [0, 1] and ε > 0")
        weight = Parameter(Tensor(repeating: 1, shape: [featureCount]))
        bias = Parameter(Tensor(zeros: [featureCount]))
        runningMean = Buffer(Tensor(zeros: [featureCount]))
        runningVariance = Buffer(Tensor(repeating: 1, shape: [featureCount]))
        (self.momentum, self.epsilon) = (momentum, epsilon)
    }

    public var featureCount: Int { weight.shape[0] }

    public func setTraining(_ training: Bool) { isTraining = training }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition((input.rank == 2 || input.rank == 4) && input.shape[1] == featureCount,
                     "BatchNorm(\(featureCount)) needs [N, \(featureCount)] or [N, \(featureCount), H, W], got \(input.shape)")
        let perFeature = input.rank == 2 ? [1, featureCount] : [1, featureCount, 1, 1]
        if isTraining {
            let reduced = input.count / featureCount
            precondition(reduced > 1, "BatchNorm in training needs more than one value per feature (batch \(input.shape[0])); evaluate a single example with setTraining(false)")
            // One op with the closed-form backward; `composedTraining` is its reference.
            let (output, mean, variance) = Tensor.batchNormalizedForTraining(input, scale: weight.value, shift: bias.value, epsilon: epsilon)
            updateRunningStatistics(mean: mean, variance: variance, count: reduced)
            return output
        }
        let mean = runningMean.value.reshaped(perFeature), variance = runningVariance.value.reshaped(perFeature)
        return (input - mean) / (variance + epsilon).sqrt() * weight.value.reshaped(perFeature) + bias.value.reshaped(perFeature)
    }

    /// Training mode written with the engine's broadcasting ops, the batch's statistics over
    /// every axis but the features: the slow reference `batchNormalizedForTraining` is tested
    /// against (outputs and gradients). Leaves the running statistics alone.
    public func composedTraining(_ input: Tensor) -> Tensor {
        let axes = input.rank == 2 ? [0] : [0, 2, 3]
        let perFeature = input.rank == 2 ? [1, featureCount] : [1, featureCount, 1, 1]
        let mean = input.mean(alongAxes: axes, keepingDims: true)
        let centered = input - mean
        let variance = centered.squared().mean(alongAxes: axes, keepingDims: true)
        return centered / (variance + epsilon).sqrt() * weight.value.reshaped(perFeature) + bias.value.reshaped(perFeature)
    }

    private func updateRunningStatistics(mean: Tensor, variance: Tensor, count: Int) {
        let unbiased = Float(count) / Float(count - 1)
        mean.withUnsafeBufferPointer { m in
            runningMean.value.withUnsafeMutableBufferPointer { r in
                for c in 0..<r.count { r[c] = (1 - momentum) * r[c] + momentum * m[c] }
            }
        }
        variance.withUnsafeBufferPointer { v in
            runningVariance.value.withUnsafeMutableBufferPointer { r in
                for c in 0..<r.count { r[c] = (1 - momentum) * r[c] + momentum * v[c] * unbiased }
            }
        }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }
}
