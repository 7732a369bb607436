import Tensors

/// A fully connected layer: y = x·Wᵀ + b.
///
/// PyTorch's layout (`nn.Linear`): weight [outputSize, inputSize], bias [outputSize], so a
/// state dict moves between the two unchanged. Input [N, inputSize] (or [..., inputSize]),
/// output [N, outputSize].
public final class Dense: Layer {
    public let weight: Parameter
    public let bias: Parameter?

    /// Weights from `weightInitializer` (default Glorot uniform, as Keras' `Dense`; PyTorch's
    /// `nn.Linear` default is `.heUniform(gain: 1/√3)`, i.e. U(±1/√fanIn)), biases zero.
    public init(inputSize: Int, outputSize: Int, useBias: Bool = true,
                weightInitializer: Initializer = .glorotUniform(),
                biasInitializer: Initializer = .zeros,
                generator: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Dense needs positive sizes, got \(inputSize) → \(outputSize)")
        weight = Parameter(weightInitializer([outputSize, inputSize], generator: &generator))
        bias = useBias ? Parameter(biasInitializer([outputSize], generator: &generator)) : nil
    }

    /// A layer with the given weight [out, in] and optional bias [out].
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2, "Dense weight must be [out, in], got \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]],
                     "Dense bias must be [\(weight.shape[0])], got \(bias!.shape)")
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1 && input.shape.last == inputSize,
                     "Dense(\(inputSize) → \(outputSize)) needs input [..., \(inputSize)], got \(input.shape)")
        // matmul wants a matrix: a single sample [in] becomes [1, in] and back.
        let x = input.rank == 1 ? input.reshaped([1, inputSize]) : input
        var y = Tensor.matmul(x, weight.value, transposeB: true)
        if let bias { y = y + bias.value }
        return input.rank == 1 ? y.reshaped([outputSize]) : y
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
