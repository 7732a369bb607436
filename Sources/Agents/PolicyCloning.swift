import NN
import Tensors

/// An agent whose policy network can learn from demonstrations (behaviour cloning, as in
/// Pomerleau 1989 and the DQfD and AlphaGo pre-training that start RL from it), and then start
/// its own training from what was learnt.
public protocol PolicyCloning: AnyObject {
    /// The outputs read as the logits of the actions for a batch of network inputs
    /// [N] + observation shape: A3C's policy head, DQN's Q-values.
    func policyLogits(_ observations: Tensor) -> Tensor
    /// The parameters cloning trains, under the names a cloned checkpoint keeps them by.
    var clonedParameters: [(name: String, parameter: Parameter)] { get }
    /// Takes the cloned parameters as the agent's own: every one must be there with its shape,
    /// and nothing is changed otherwise.
    func start(fromClone tensors: [String: Tensor]) throws
}

extension PolicyCloning {
    /// Checks every cloned parameter against `tensors` (one line naming the first that does
    /// not fit) and then writes them all.
    func assignClonedParameters(from tensors: [String: Tensor]) throws {
        let parameters = clonedParameters
        for (name, parameter) in parameters {
            guard let tensor = tensors[name] else {
                throw AgentCheckpointMismatch("parameter '\(name)' of this agent's network is not in the cloned checkpoint (cloned for another agent?)")
            }
            guard tensor.shape == parameter.shape else {
                throw AgentCheckpointMismatch("parameter '\(name)' has shape \(tensor.shape) in the cloned checkpoint but \(parameter.shape) here (another environment or network size?)")
            }
        }
        if let stray = tensors.keys.sorted().first(where: { name in !parameters.contains { $0.name == name } }) {
            throw AgentCheckpointMismatch("tensor '\(stray)' of the cloned checkpoint is not in this agent's network")
        }
        for (name, parameter) in parameters { parameter.assign(tensors[name]!) }
    }
}

extension A3CAgent: PolicyCloning {
    public func policyLogits(_ observations: Tensor) -> Tensor { network.outputs(observations).logits }

    /// The whole actor-critic network: the trunk learns from the demonstrations through the
    /// policy head; the value head is saved as it started.
    public var clonedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }

    public func start(fromClone tensors: [String: Tensor]) throws { try assignClonedParameters(from: tensors) }
}

extension DQNAgent: PolicyCloning {
    /// Q-values read as logits: cross-entropy on them makes the demonstrated action the
    /// greedy one (the supervised part of DQfD, Hester et al. 2018, is a margin loss instead).
    public func policyLogits(_ observations: Tensor) -> Tensor { onlineNetwork(observations) }

    public var clonedParameters: [(name: String, parameter: Parameter)] { onlineNetwork.namedParameters }

    /// The online network and the target network both start as the clone.
    public func start(fromClone tensors: [String: Tensor]) throws {
        try assignClonedParameters(from: tensors)
        try targetNetwork.copyParameters(from: onlineNetwork)
    }
}

extension PPOAgent: PolicyCloning {
    public func policyLogits(_ observations: Tensor) -> Tensor { network.outputs(observations).logits }

    /// The whole actor-critic network, as A3C's: the same layout, so a clone fits either.
    public var clonedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }

    public func start(fromClone tensors: [String: Tensor]) throws { try assignClonedParameters(from: tensors) }
}

extension PQNAgent: PolicyCloning {
    /// Q-values read as logits, as DQN's.
    public func policyLogits(_ observations: Tensor) -> Tensor { network(observations) }

    public var clonedParameters: [(name: String, parameter: Parameter)] { namedParameters }

    public func start(fromClone tensors: [String: Tensor]) throws { try assignClonedParameters(from: tensors) }
}
