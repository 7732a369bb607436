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
        report = QLearningReport()
    }
}

/// The replay memory beside a checkpoint (`ReplayMemoryFile`).
extension DQNAgent {
    /// Whether there is a replay memory to save: none before the first `train`.
    public var hasReplayMemory: Bool { replay != nil }

    /// Writes the replay memory, with the random streams and the count of transitions
    /// collected, atomically to `path`; save the checkpoint of the same moment after it.
    public func saveReplayMemory(to path: String) throws {
        guard let replay else { return }
        try ReplayMemoryFile.write(replay, of: self, to: path)
    }

    /// Puts back the replay memory saved at `path` with the checkpoint just restored: the
    /// agent then goes on as if it had not stopped (its environment excepted, which starts a
    /// new episode). Observations are of `Scalar` (UInt8 pixels, Float vectors). Throws a
    /// one-line error, changing nothing, if the file is damaged or from another save.
    public func restoreReplayMemory<Scalar: AgentObservation>(from path: String, of _: Scalar.Type) throws(DQNError) {
        restore(try ReplayMemoryFile.read(path, for: self, scalar: Scalar.self))
    }

    /// The same from the bytes of a replay memory file; `name` names them in errors.
    public func restoreReplayMemory<Scalar: AgentObservation>(decoding bytes: [UInt8], name: String, of _: Scalar.Type) throws(DQNError) {
        restore(try ReplayMemoryFile.decode(bytes, name: name, for: self, scalar: Scalar.self))
    }

    private func restore(_ read: (replay: AnyObject, state: ReplayMemoryFile.AgentState)) {
        (replay, collected) = (read.replay, read.state.collected)
        (exploration, sampling, evaluation) = (read.state.exploration, read.state.sampling, read.state.evaluation)
    }
}
