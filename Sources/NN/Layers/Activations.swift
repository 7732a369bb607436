import Tensors

// Activation functions as parameterless layers, for `Sequential`. Each forwards to the engine
// op of the same name, which holds the derivative and the paper it comes from.

/// max(x, 0).
public final class ReLU: ParameterlessLayer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// x for x > 0, αx otherwise; α defaults to PyTorch's 0.01.
public final class LeakyReLU: ParameterlessLayer {
    public let alpha: Float
    public init(alpha: Float = 0.01) { self.alpha = alpha }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(alpha: alpha) }
}

public final class Tanh: ParameterlessLayer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

/// 1 / (1 + e⁻ˣ).
public final class Sigmoid: ParameterlessLayer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// ln(1 + eˣ).
public final class Softplus: ParameterlessLayer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softplus() }
}

/// Probabilities along `axis` (default the last).
public final class Softmax: ParameterlessLayer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softmax(alongAxis: axis) }
}

/// Log-probabilities along `axis` (default the last).
public final class LogSoftmax: ParameterlessLayer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.logSoftmax(alongAxis: axis) }
}
