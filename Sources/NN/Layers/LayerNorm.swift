import Tensors

/// Layer normalization (Ba, Kiros & Hinton 2016): each sample normalized by the mean and
/// variance of its own features over the last axes, `normalizedShape`, then scaled and shifted
/// per feature by a learned weight (ones at first) and bias (zeros). PyTorch's `nn.LayerNorm`
/// with `elementwise_affine`: `LayerNorm([32, 20, 20])` after a convolution normalizes each
/// image's whole feature map, as PQN's Q-network does (Gallici et al. 2024). Unlike batch
/// normalization it does not depend on the other samples of the batch, so acting on one
/// observation and training on 256 compute the same function.
public final class LayerNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let normalizedShape: [Int]
    public let epsilon: Float

    public init(normalizedShape: [Int], epsilon: Float = 1e-5) {
        precondition(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
                     "LayerNorm needs a non-empty shape of positive sizes, got \(normalizedShape)")
        (self.normalizedShape, self.epsilon) = (normalizedShape, epsilon)
        weight = Parameter(Tensor(repeating: 1, shape: normalizedShape))
        bias = Parameter(Tensor(zeros: normalizedShape))
    }

    public convenience init(featureCount: Int, epsilon: Float = 1e-5) {
        self.init(normalizedShape: [featureCount], epsilon: epsilon)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        checkShape(input)
        // One op with the closed-form backward; `composed` is its reference.
        return Tensor.layerNormalized(input, scale: weight.value, shift: bias.value, epsilon: epsilon)
    }

    /// The same function from broadcasting ops, differentiated op by op: the reference.
    public func composed(_ input: Tensor) -> Tensor {
        checkShape(input)
        let d = normalizedShape.reduce(1, *)
        let rows = input.reshaped([input.count / d, d])
        let centered = rows - rows.mean(alongAxis: 1, keepingDims: true)
        let variance = centered.squared().mean(alongAxis: 1, keepingDims: true)
        let normalized = centered / (variance + epsilon).sqrt()
        return (normalized * weight.value.reshaped([d]) + bias.value.reshaped([d])).reshaped(input.shape)
    }

    private func checkShape(_ input: Tensor) {
        precondition(input.rank > normalizedShape.count && Array(input.shape.suffix(normalizedShape.count)) == normalizedShape,
                     "LayerNorm(\(normalizedShape)) needs input [N, …, \(normalizedShape.map(String.init).joined(separator: ", "))], got \(input.shape)")
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
