import Tensors

/// A trainable tensor: a leaf of the autodiff graph that keeps its identity while its values
/// change, so that gradients and optimizer state can be found for it step after step.
///
/// `@unchecked Sendable`: A3C's learners read shared parameters while one of them updates them
/// in place; that race is the algorithm's own design (lock-free "Hogwild" updates). Every
/// other use keeps a parameter on one thread.
public final class Parameter: @unchecked Sendable {
    /// The current values, always a gradient-requiring leaf.
    public private(set) var value: Tensor

    public init(_ initial: Tensor) {
        value = initial.detached().requiringGradient()
    }

    public var shape: [Int] { value.shape }
    public var count: Int { value.count }

    /// Replaces the values with `newValues` of the same shape, keeping this leaf's identity.
    public func assign(_ newValues: Tensor) {
        precondition(newValues.shape == value.shape,
                     "cannot assign shape \(newValues.shape) to a parameter of shape \(value.shape)")
        newValues.withUnsafeBufferPointer { source in
            value.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source.baseAddress!, count: source.count) }
        }
    }

    /// Writes the values in place (an optimizer step), keeping this leaf's identity.
    public func update<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try value.withUnsafeMutableBufferPointer(body)
    }
}

extension Gradients {
    /// d(output)/d(parameter), or nil when the output does not depend on it.
    public subscript(parameter: Parameter) -> Tensor? { self[parameter.value] }
}
