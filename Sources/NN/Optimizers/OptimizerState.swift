import Synchronization
import Tensors

/// One parameter's optimizer state: named slots shaped like the parameter (Adam's "m" and
/// "v", RMSProp's "meanSquare"), and how many updates it has received.
///
/// Slots are plain buffers owned by this object and written in place by the update rule;
/// their addresses never change, so threads that share one state (A3C's shared RMSProp
/// statistics, Mnih et al. 2016) can only race on the numbers in them, never on memory
/// ownership. `@unchecked Sendable` for that sharing. Such races on the numbers are the
/// lock-free updates A3C accepts (Recht et al. 2011); `step` is a plain counter that two
/// threads updating at once may undercount.
public final class ParameterState: @unchecked Sendable {
    public let shape: [Int]
    public let slotNames: [String]
    /// Updates applied so far: Adam's t. Saved in checkpoints as a Float, exact to 2²⁴.
    public var step: Int = 0
    private let buffers: [UnsafeMutableBufferPointer<Float>]

    /// Zeroed slots, one per name, each of `shape`.
    public init(shape: [Int], slotNames: [String]) {
        self.shape = shape
        self.slotNames = slotNames
        let count = shape.reduce(1, *)
        buffers = slotNames.map { _ in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
    }

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// The slot's elements, for the update rule to read and write in place.
    public subscript(slot name: String) -> UnsafeMutablePointer<Float> {
        guard let index = slotNames.firstIndex(of: name) else {
            preconditionFailure("optimizer state has no slot '\(name)'; it has \(slotNames)")
        }
        return buffers[index].baseAddress!
    }

    /// A copy of the slot as a tensor (for checkpoints and tests).
    public func tensor(slot name: String) -> Tensor {
        Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: self[slot: name], count: shape.reduce(1, *))))
    }

    /// Overwrites the slot with `values`, which must have the parameter's shape.
    public func assign(slot name: String, _ values: Tensor) {
        precondition(values.shape == shape, "slot '\(name)' has shape \(shape), cannot assign \(values.shape)")
        let target = self[slot: name]
        values.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: $0.count) }
    }
}

/// The states of an optimizer's parameters, keyed by each parameter's identity.
///
/// A mutex guards the table so that threads sharing an optimizer may create states lazily;
/// the update rules themselves run outside it.
public final class OptimizerStates: Sendable {
    private typealias Entry = (parameter: Parameter, state: ParameterState)
    private let byParameter = Mutex<[ObjectIdentifier: Entry]>([:])

    public init() {}

    /// The state of `parameter`, created with zeroed `slotNames` on first use. The entry holds
    /// the parameter, so its identity cannot be reused by another object while it lives.
    public func state(for parameter: Parameter, slotNames: [String]) -> ParameterState {
        let key = ObjectIdentifier(parameter), shape = parameter.shape
        return byParameter.withLock { table in
            if let entry = table[key] { return entry.state }
            let state = ParameterState(shape: shape, slotNames: slotNames)
            table[key] = (parameter, state)
            return state
        }
    }

    /// The state of `parameter` if it has one.
    public func existingState(for parameter: Parameter) -> ParameterState? {
        let key = ObjectIdentifier(parameter)
        return byParameter.withLock { $0[key]?.state }
    }

    /// Forgets every state (a fresh start, as re-creating the optimizer would be).
    public func removeAll() {
        byParameter.withLock { $0.removeAll() }
    }
}

/// A checkpoint's optimizer state that does not fit the optimizer or the network.
public struct OptimizerStateMismatch: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
