import Tensors

/// The largest value of each window: [N, C, H, W] → [N, C, OH, OW], the window moving by
/// `stride` (default: the window's size, as PyTorch's `nn.MaxPool2d`).
public final class MaxPool2D: ParameterlessLayer {
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        precondition(kernelSize >= 1 && (stride ?? 1) >= 1 && padding >= 0, "MaxPool2D needs a window and stride ≥ 1, padding ≥ 0")
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}

/// The mean of each window: [N, C, H, W] → [N, C, OH, OW], as PyTorch's `nn.AvgPool2d`.
public final class AvgPool2D: ParameterlessLayer {
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        precondition(kernelSize >= 1 && (stride ?? 1) >= 1 && padding >= 0, "AvgPool2D needs a window and stride ≥ 1, padding ≥ 0")
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}
