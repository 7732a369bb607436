import Tensors

/// A trainable tensor: a leaf of the autodiff graph that keeps its identity while its values
/// change, so that gradients and optimizer state can be found for it step after step.
///
/// A parameter is read and updated from one thread at a time. `value` is a copy-on-write
/// tensor, so an update made while another thread reads `value` would race on the reference
/// to its storage, not just on the numbers. How A3C's learner threads share a network's
/// parameters is for the agents to design; nothing here makes that safe yet.
///
/// `@unchecked Sendable` only so that `OptimizerStates`, a mutex-guarded table that threads
/// sharing an optimizer may use, can keep each parameter alive as the owner of its key (the
/// table never reads it). It promises nothing about using one parameter from two threads.
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

/// A tensor a layer keeps and updates itself, outside of training's gradients: batch
/// normalization's running mean and variance. Saved in checkpoints beside the parameters.
public final class Buffer: @unchecked Sendable {
    public var value: Tensor

    public init(_ initial: Tensor) { value = initial.detached() }

    public var shape: [Int] { value.shape }
}
