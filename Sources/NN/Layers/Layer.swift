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
}

extension Layer {
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Copies every parameter's values from `source`, a network of the same shape: a hard
    /// target-network update.
    public func copyParameters(from source: some Layer) throws(ParameterMismatch) {
        let mine = namedParameters, theirs = source.namedParameters
        try ParameterMismatch.check(expected: mine.map { ($0.name, $0.parameter.shape) },
                                    found: theirs.map { ($0.name, $0.parameter.shape) })
        for (target, origin) in zip(mine, theirs) { target.parameter.assign(origin.parameter.value) }
    }

    /// θ ← τ·θ_source + (1 − τ)·θ: Polyak averaging, a soft target-network update
    /// (Lillicrap et al. 2016).
    public func blendParameters(from source: some Layer, tau: Float) throws(ParameterMismatch) {
        let mine = namedParameters, theirs = source.namedParameters
        try ParameterMismatch.check(expected: mine.map { ($0.name, $0.parameter.shape) },
                                    found: theirs.map { ($0.name, $0.parameter.shape) })
        for (target, origin) in zip(mine, theirs) {
            origin.parameter.value.withUnsafeBufferPointer { s in
                target.parameter.update { t in
                    for i in 0..<t.count { t[i] = tau * s[i] + (1 - tau) * t[i] }
                }
            }
        }
    }
}

/// Two networks, or a network and a file, whose parameters do not line up.
public struct ParameterMismatch: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    static func check(expected: [(String, [Int])], found: [(String, [Int])]) throws(ParameterMismatch) {
        let foundByName = Dictionary(found, uniquingKeysWith: { first, _ in first })
        for (name, shape) in expected {
            guard let other = foundByName[name] else {
                throw ParameterMismatch("parameter '\(name)' is missing (the networks differ in structure)")
            }
            if other != shape {
                throw ParameterMismatch("parameter '\(name)' has shape \(other), expected \(shape)")
            }
        }
        let expectedNames = Set(expected.map(\.0))
        if let extra = found.first(where: { !expectedNames.contains($0.0) }) {
            throw ParameterMismatch("unexpected parameter '\(extra.0)' (the networks differ in structure)")
        }
    }
}
