import Tensors

/// The mean of each channel over its whole map: [N, C, H, W] → [N, C] (Lin et al. 2014,
/// "Network in Network"; the head of ResNets before their last dense layer).
public final class GlobalAveragePooling2D: ParameterlessLayer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4, "GlobalAveragePooling2D needs [N, C, H, W], got \(input.shape)")
        return input.mean(alongAxes: [2, 3])
    }
}
