import Tensors

/// Layers applied one after another. Parameters are named by position, as in PyTorch's
/// nn.Sequential: "0.weight", "0.bias", "2.weight", …
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    /// The layers in order. A `Conv2D` followed by a `ReLU` runs as one fused step (the same
    /// bits, one pass over the output fewer).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input, index = 0
        while index < layers.count {
            if let convolution = layers[index] as? Conv2D, index + 1 < layers.count, layers[index + 1] is ReLU {
                x = convolution(x, fusingReLU: true)
                index += 2
            } else {
                x = layers[index](x)
                index += 1
            }
        }
        return x
    }

    public var sublayers: [any Layer] { layers }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { ("\(index).\($0.name)", $0.parameter) }
        }
    }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedBuffers.map { ("\(index).\($0.name)", $0.buffer) }
        }
    }
}
