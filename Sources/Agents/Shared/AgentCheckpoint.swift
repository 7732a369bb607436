import NN
import Tensors

/// A checkpoint that does not fit the agent it is restored into: another network shape,
/// another optimizer, a missing counter. One line naming the first thing that differs.
public struct AgentCheckpointMismatch: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Saving and restoring an agent's networks, optimizer state and counters as named tensors,
/// all or nothing.
enum AgentCheckpoint {
    /// Every parameter under its network's name ("policy.0.weight") and every optimizer slot
    /// ("adam.m.policy.0.weight", "adam.step.policy.0.weight").
    static func tensors(parameters: [(name: String, parameter: Parameter)], optimizer: any Optimizer) -> [String: Tensor] {
        var tensors = optimizer.stateTensors(named: parameters)
        for (name, parameter) in parameters { tensors[name] = parameter.value }
        return tensors
    }

    /// Checks everything first — each parameter present with its shape, nothing unknown
    /// outside the optimizer's prefix, the optimizer's own state, each counter present and
    /// not negative — and only then writes the parameters and optimizer state. Returns the
    /// counters named in `counterNames`. On any mismatch it throws and nothing has changed.
    static func restore(tensors: [String: Tensor], counters: [String: Int],
                        parameters: [(name: String, parameter: Parameter)], optimizer: any Optimizer,
                        counterNames: [String]) throws(AgentCheckpointMismatch) -> [String: Int] {
        for name in counterNames {
            guard let value = counters[name] else {
                throw AgentCheckpointMismatch("counter '\(name)' is missing from the checkpoint (it has \(counters.keys.sorted()))")
            }
            guard value >= 0 else { throw AgentCheckpointMismatch("counter '\(name)' is \(value) in the checkpoint; counters are never negative") }
        }
        var values: [Tensor] = []
        for (name, parameter) in parameters {
            guard let saved = tensors[name] else {
                throw AgentCheckpointMismatch("parameter '\(name)' is in this agent's network but not in the checkpoint (a checkpoint of another agent?)")
            }
            guard saved.shape == parameter.shape else {
                throw AgentCheckpointMismatch("parameter '\(name)' has shape \(saved.shape) in the checkpoint but \(parameter.shape) in this agent (another network size or environment?)")
            }
            values.append(saved)
        }
        let known = Set(parameters.map(\.name))
        if let stray = tensors.keys.sorted().first(where: { !known.contains($0) && !$0.hasPrefix("\(optimizer.name).") }) {
            throw AgentCheckpointMismatch("tensor '\(stray)' is in the checkpoint but not in this agent (another network or optimizer?)")
        }
        do {
            try optimizer.restoreState(from: tensors, named: parameters)
        } catch {
            throw AgentCheckpointMismatch(error.description)
        }
        for ((_, parameter), value) in zip(parameters, values) { parameter.assign(value) }
        return counters.filter { counterNames.contains($0.key) }
    }
}
