import Tensors

/// A function with trainable parameters, called like one: `let y = layer(x)`.
///
/// Layers are classes: a network is an object that optimizers update in place, and that
/// several A3C learners can share.
public protocol Layer: AnyObject {
    /// The forward pass. Records an autodiff graph when any parameter or input requires
    /// gradients and recording is on; inside `withoutGradients` it records nothing.
    func callAsFunction(_ input: Tensor) -> Tensor

    /// Every parameter with its name, in a fixed order. Names are paths in PyTorch's manner
    /// ("weight", "0.bias"), so a saved network reads naturally as a state dict.
    var namedParameters: [(name: String, parameter: Parameter)] { get }

    /// State that is saved and loaded with the parameters but not trained: batch
    /// normalization's running statistics (PyTorch's buffers). Named as parameters are.
    var namedBuffers: [(name: String, buffer: Buffer)] { get }

    /// The layers this one is made of (a `Sequential`'s, a block's): what `setTraining(_:)`
    /// reaches. Empty for a layer that holds no others.
    var sublayers: [any Layer] { get }

    /// Training or evaluation behaviour, as PyTorch's `train()` and `eval()`: dropout drops
    /// only in training, batch normalization uses the batch's statistics only in training.
    /// Layers start in training. The default passes the switch on to `sublayers`; a layer
    /// that behaves differently keeps it.
    func setTraining(_ training: Bool)
}

/// A layer with no parameters (an activation, `Flatten`): only its forward pass to write.
public protocol ParameterlessLayer: Layer {}

extension ParameterlessLayer {
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

extension Layer {
    public var sublayers: [any Layer] { [] }
    public var namedBuffers: [(name: String, buffer: Buffer)] { [] }

    public func setTraining(_ training: Bool) {
        for layer in sublayers { layer.setTraining(training) }
    }

    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Copies every parameter's values from `source`, a network of the same structure: a hard
    /// target-network update. Parameters are paired by name, so the order in which either
    /// network lists them does not matter. Throws before copying anything when a name is
    /// missing on either side or a shape differs.
    public func copyParameters(from source: some Layer) throws(ParameterMismatch) {
        let mine = namedParameters
        let origins = try matchedParameters(from: source, mine: mine)
        for ((_, target), origin) in zip(mine, origins) { target.assign(origin.value) }
    }

    /// θ ← τ·θ_source + (1 − τ)·θ: Polyak averaging, a soft target-network update
    /// (Lillicrap et al. 2016). Parameters are paired by name, as in `copyParameters`.
    public func blendParameters(from source: some Layer, tau: Float) throws(ParameterMismatch) {
        let mine = namedParameters
        let origins = try matchedParameters(from: source, mine: mine)
        for ((_, target), origin) in zip(mine, origins) {
            origin.value.withUnsafeBufferPointer { s in
                target.update { t in
                    for i in 0..<t.count { t[i] = tau * s[i] + (1 - tau) * t[i] }
                }
            }
        }
    }

    /// `source`'s parameter of each name in `mine`, in `mine`'s order.
    private func matchedParameters(from source: some Layer, mine: [(name: String, parameter: Parameter)])
        throws(ParameterMismatch) -> [Parameter] {
        do {
            return try matchByName(expected: mine.map { ($0.name, $0.parameter.shape) },
                                   found: source.namedParameters.map { ($0.name, $0.parameter) }, shape: \.shape)
        } catch {
            throw ParameterMismatch(error.message(item: "parameter", expectedIn: "this network", foundIn: "the source network")
                                    + " (copy only between networks built alike)")
        }
    }
}

/// Two networks, or a network and a file, whose parameters do not line up. The description is
/// one line naming the parameter (and the file, when there is one).
public struct ParameterMismatch: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
