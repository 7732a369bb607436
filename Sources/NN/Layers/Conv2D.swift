import Tensors

/// A 2-D convolution layer over NCHW batches: `Tensor.conv2d` with its filter and bias as
/// parameters.
///
/// PyTorch's layout (`nn.Conv2d`): filter "weight" [outputChannels, inputChannels, KH, KW],
/// "bias" [outputChannels]. Input [N, C, H, W], output [N, O, OH, OW] with
/// OH = ⌊(H + 2·padding − KH)/stride⌋ + 1, likewise OW.
public final class Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int

    /// A square `kernelSize` filter drawn from `weightInitializer` (default Glorot uniform
    /// over fans C·KH·KW and O·KH·KW, as Keras' `Conv2D`; PyTorch's `nn.Conv2d` default is
    /// `.heUniform(gain: 1/√3)`), biases zero. Nature DQN's first layer is
    /// `Conv2D(inputChannels: 4, outputChannels: 32, kernelSize: 8, stride: 4, generator: &g)`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                useBias: Bool = true, weightInitializer: Initializer = .glorotUniform(),
                biasInitializer: Initializer = .zeros, generator: inout SeededGenerator) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize > 0,
                     "Conv2D needs positive channels and kernel size, got \(inputChannels) → \(outputChannels), kernel \(kernelSize)")
        precondition(stride >= 1 && padding >= 0, "Conv2D needs stride ≥ 1 and padding ≥ 0, got \(stride), \(padding)")
        weight = Parameter(weightInitializer([outputChannels, inputChannels, kernelSize, kernelSize], generator: &generator))
        bias = useBias ? Parameter(biasInitializer([outputChannels], generator: &generator)) : nil
        self.stride = stride
        self.padding = padding
    }

    /// A layer with the given filter [O, C, KH, KW] and optional bias [O].
    public init(filter: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) {
        precondition(filter.rank == 4, "Conv2D filter must be [O, C, KH, KW], got \(filter.shape)")
        precondition(bias == nil || bias!.shape == [filter.shape[0]],
                     "Conv2D bias must be [\(filter.shape[0])], got \(bias!.shape)")
        precondition(stride >= 1 && padding >= 0, "Conv2D needs stride ≥ 1 and padding ≥ 0, got \(stride), \(padding)")
        weight = Parameter(filter)
        self.bias = bias.map { Parameter($0) }
        self.stride = stride
        self.padding = padding
    }

    public var inputChannels: Int { weight.shape[1] }
    public var outputChannels: Int { weight.shape[0] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.conv2d(input, filter: weight.value, bias: bias?.value, stride: stride, padding: padding)
    }

    /// The layer followed by a ReLU, the ReLU computed in the convolution's last pass over its
    /// output: the same bits as `ReLU()(self(input))`. `Sequential` uses it for that pair.
    public func callAsFunction(_ input: Tensor, fusingReLU: Bool) -> Tensor {
        Tensor.conv2d(input, filter: weight.value, bias: bias?.value, stride: stride, padding: padding, relu: fusingReLU)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
