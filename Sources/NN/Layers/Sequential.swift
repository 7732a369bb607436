import Tensors

/// Layers applied one after another. Parameters are named by position, as in PyTorch's
/// nn.Sequential: "0.weight", "0.bias", "2.weight", …
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { x, layer in layer(x) }
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
