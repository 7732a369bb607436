import NN
import Tensors

/// A DRQN checkpoint: the online network ("online.…") with the optimizer's state, the target
/// network ("target.…"), and the counters steps, updates and episodes. As for DQN, the replay
/// memory is not saved: a resumed run refills it before it learns again.
extension DRQNAgent: Checkpointable {
    static let counterNames = ["steps", "updates", "episodes"]

    private var onlineNamed: [(name: String, parameter: Parameter)] {
        onlineNetwork.namedParameters.map { ("online.\($0.name)", $0.parameter) }
    }

    private var targetNamed: [(name: String, parameter: Parameter)] {
        targetNetwork.namedParameters.map { ("target.\($0.name)", $0.parameter) }
    }

    public func checkpointTensors() -> [String: Tensor] {
        var tensors = AgentCheckpoint.tensors(parameters: onlineNamed, optimizer: optimizer)
        for (name, parameter) in targetNamed { tensors[name] = parameter.value }
        return tensors
    }

    public var checkpointCounters: [String: Int] { ["steps": steps, "updates": updates, "episodes": episodes] }

    /// Puts back a checkpoint after checking every name, shape and counter; throws a one-line
    /// error and changes nothing on a mismatch. The agent then stands where a resumed run
    /// starts: an empty replay memory, random streams drawn from the seed and the step count.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        var rest = tensors, targets: [Tensor] = []
        for (name, parameter) in targetNamed {
            guard let saved = rest.removeValue(forKey: name) else {
                throw AgentCheckpointMismatch("parameter '\(name)' is in this agent's network but not in the checkpoint (a checkpoint of another agent?)")
            }
            guard saved.shape == parameter.shape else {
                throw AgentCheckpointMismatch("parameter '\(name)' has shape \(saved.shape) in the checkpoint but \(parameter.shape) in this agent (another network size or environment?)")
            }
            targets.append(saved)
        }
        let restored = try AgentCheckpoint.restore(tensors: rest, counters: counters, parameters: onlineNamed,
                                                   optimizer: optimizer, counterNames: Self.counterNames)
        for ((_, parameter), value) in zip(targetNamed, targets) { parameter.assign(value) }
        (steps, updates, episodes) = (restored["steps"]!, restored["updates"]!, restored["episodes"]!)
        (exploration, sampling, evaluation) = DQNAgent.generators(seed: hyperparameters.q.seed, steps: steps)
        (replay, collected, needsSeededReset, trainingState, policyState) = (nil, 0, true, nil, nil)
        report = QLearningReport()
    }
}
