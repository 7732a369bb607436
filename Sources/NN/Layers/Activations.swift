import Tensors

// Activation functions as parameterless layers, for `Sequential`. Each forwards to the engine
// op of the same name, which holds the derivative and the paper it comes from.

/// max(x, 0).
public final class ReLU: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// x for x > 0, αx otherwise; α defaults to PyTorch's 0.01.
public final class LeakyReLU: Layer {
    public let alpha: Float
    public init(alpha: Float = 0.01) { self.alpha = alpha }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(alpha: alpha) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

public final class Tanh: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// 1 / (1 + e⁻ˣ).
public final class Sigmoid: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// ln(1 + eˣ).
public final class Softplus: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softplus() }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Probabilities along `axis` (default the last).
public final class Softmax: Layer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softmax(alongAxis: axis) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Log-probabilities along `axis` (default the last).
public final class LogSoftmax: Layer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.logSoftmax(alongAxis: axis) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
