import Tensors

/// A transposed 2-D convolution layer ("deconvolution"), the upsampling half of a
/// convolutional autoencoder: `Tensor.transposedConv2d` with its filter and bias as parameters.
///
/// PyTorch's layout (`nn.ConvTranspose2d`): filter "weight" [inputChannels, outputChannels,
/// KH, KW], "bias" [outputChannels]. Input [N, C, H, W], output [N, O, OH, OW] with
/// OH = (H − 1)·stride − 2·padding + KH + outputPadding, likewise OW.
public final class ConvTranspose2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int, padding: Int, outputPadding: Int

    /// A square `kernelSize` filter drawn from `weightInitializer` (default Glorot uniform, as
    /// Keras's `Conv2DTranspose`), biases zero.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, useBias: Bool = true, weightInitializer: Initializer = .glorotUniform(),
                generator: inout SeededGenerator) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize > 0,
                     "ConvTranspose2D needs positive channels and kernel size, got \(inputChannels) → \(outputChannels), kernel \(kernelSize)")
        precondition(stride >= 1 && padding >= 0 && (0..<stride).contains(outputPadding),
                     "ConvTranspose2D needs stride ≥ 1, padding ≥ 0 and output padding in 0..<stride")
        // The initializer's fans are read from axes 1 and 0 (out, in) as for Conv2D; a
        // transposed filter swaps them, which Glorot's symmetric rule does not mind.
        weight = Parameter(weightInitializer([inputChannels, outputChannels, kernelSize, kernelSize], generator: &generator))
        bias = useBias ? Parameter(Tensor(zeros: [outputChannels])) : nil
        (self.stride, self.padding, self.outputPadding) = (stride, padding, outputPadding)
    }

    public var inputChannels: Int { weight.shape[0] }
    public var outputChannels: Int { weight.shape[1] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.transposedConv2d(input, filter: weight.value, bias: bias?.value, stride: stride, padding: padding,
                                outputPadding: outputPadding)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
