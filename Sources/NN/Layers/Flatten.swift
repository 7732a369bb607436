import Tensors

/// [N, d₁, d₂, …] → [N, d₁·d₂·…]: between convolutional and dense layers.
public final class Flatten: ParameterlessLayer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.flattenedBatch() }
}
