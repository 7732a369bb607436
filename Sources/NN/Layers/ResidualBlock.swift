import Tensors

/// The basic block of a residual network (He et al. 2016, "Deep Residual Learning for Image
/// Recognition", figure 2 and section 3.3):
///
///     y = ReLU(F(x) + shortcut(x)),  F = conv 3×3 → BatchNorm → ReLU → conv 3×3 → BatchNorm
///
/// The shortcut is the identity when the shapes agree, and otherwise a 1×1 convolution with
/// the block's stride and BatchNorm (the paper's option B). Convolutions have no bias, as the
/// BatchNorm after each has its own β; weights start He-normal (torchvision takes the fan out,
/// this the fan in: the same for the 3×3 convolutions of a block that keeps its width).
public final class ResidualBlock: Layer {
    public let residual: Sequential
    public let projection: Sequential?

    public init(inputChannels: Int, outputChannels: Int, stride: Int = 1, generator: inout SeededGenerator) {
        let initializer = Initializer.heNormal()
        residual = Sequential(
            Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, stride: stride, padding: 1,
                   useBias: false, weightInitializer: initializer, generator: &generator),
            BatchNorm(featureCount: outputChannels), ReLU(),
            Conv2D(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                   useBias: false, weightInitializer: initializer, generator: &generator),
            BatchNorm(featureCount: outputChannels))
        projection = stride == 1 && inputChannels == outputChannels ? nil : Sequential(
            Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, stride: stride,
                   useBias: false, weightInitializer: initializer, generator: &generator),
            BatchNorm(featureCount: outputChannels))
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        (residual(input) + (projection?(input) ?? input)).relu()
    }

    public var sublayers: [any Layer] { [residual] + (projection.map { [$0] } ?? []) }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        residual.namedParameters.map { ("residual.\($0.name)", $0.parameter) }
            + (projection?.namedParameters.map { ("shortcut.\($0.name)", $0.parameter) } ?? [])
    }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        residual.namedBuffers.map { ("residual.\($0.name)", $0.buffer) }
            + (projection?.namedBuffers.map { ("shortcut.\($0.name)", $0.buffer) } ?? [])
    }
}
