import NN
import Tensors

/// A DQN checkpoint: the online and target networks ("online.0.weight", "target.0.weight"),
/// the optimizer's state under its own prefix ("adam.m.online.0.weight"), and the counters
/// steps, updates and episodes. The replay buffer is not saved (Stable-Baselines3 does not save
/// it by default either: a million Atari frames are 7 GB); a resumed run refills it, waiting
/// `learningStarts` steps again before it learns.
extension DQNAgent: Checkpointable {
    static let counterNames = ["steps", "updates", "episodes"]

    private var onlineNamed: [(name: String, parameter: Parameter)] {
        onlineNetwork.namedParameters.map { ("online.\($0.name)", $0.parameter) }
    }

    private var targetNamed: [(name: String, parameter: Parameter)] {
        targetNetwork.namedParameters.map { ("target.\($0.name)", $0.parameter) }
    }

    public func checkpointTensors() -> [String: Tensor] {
        var tensors = optimizer.stateTensors(named: onlineNamed)
        for (name, parameter) in onlineNamed + targetNamed { tensors[name] = parameter.value.detached() }
        return tensors
    }

    public var checkpointCounters: [String: Int] {
        ["steps": steps, "updates": updates, "episodes": episodes]
    }

    /// Puts back a checkpoint, after checking every name and shape (and the counters): on any
    /// mismatch it throws a one-line error and changes nothing. The agent then stands where a
    /// resumed run starts: an empty replay buffer, random streams drawn from the seed and the
    /// step count, a seeded first reset.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        for name in Self.counterNames {
            guard let value = counters[name] else {
                throw DQNError("checkpoint counter '\(name)' is missing; a DQN checkpoint has \(Self.counterNames.joined(separator: ", "))")
            }
            guard value >= 0 else { throw DQNError("checkpoint counter '\(name)' is \(value); counters are never negative: the checkpoint is damaged") }
        }
        let networks = onlineNamed + targetNamed
        for (name, parameter) in networks {
            guard let saved = tensors[name] else {
                throw DQNError("tensor '\(name)' is missing from the checkpoint: it was saved for another network (hidden sizes, observation or actions)")
            }
            guard saved.shape == parameter.shape else {
                throw DQNError("tensor '\(name)' has shape \(saved.shape) in the checkpoint but \(parameter.shape) in this network: it was saved for another network")
            }
        }
        let known = Set(networks.map(\.name))
        let prefix = "\(optimizer.name)."
        if let stray = tensors.keys.sorted().first(where: { !known.contains($0) && !$0.hasPrefix(prefix) }) {
            throw DQNError("tensor '\(stray)' in the checkpoint is not part of this agent (networks 'online.', 'target.', optimizer '\(prefix)'): it was saved by another agent or optimizer")
        }
        // Checks everything of its own before it changes anything.
        try optimizer.restoreState(from: tensors, named: onlineNamed)
        for (name, parameter) in networks { parameter.assign(tensors[name]!) }
        (steps, updates, episodes) = (counters["steps"]!, counters["updates"]!, counters["episodes"]!)
        (exploration, sampling, evaluation) = Self.generators(seed: hyperparameters.seed, steps: steps)
        (replay, collected, needsSeededReset) = (nil, 0, true)
        (lossSum, qSum, updatesSinceReport) = (0, 0, 0)
    }
}
