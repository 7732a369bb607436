import Tensors

/// PPO's checkpoint: the actor-critic network ("trunk.…", "policy.…", "value.…"), Adam's
/// moments ("adam.…") and the steps, episodes and updates counters, so that a resumed run
/// continues its learning-rate schedule. The environment copies are not saved: a resumed run
/// starts new games.
extension PPOAgent {
    static let counterNames = ["steps", "episodes", "updates"]

    public func checkpointTensors() -> [String: Tensor] {
        AgentCheckpoint.tensors(parameters: network.namedParameters, optimizer: optimizer)
    }

    public var checkpointCounters: [String: Int] { ["steps": steps, "episodes": episodes, "updates": updates] }

    /// Throws `AgentCheckpointMismatch`, changing nothing, unless every tensor and counter fits.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        let restored = try AgentCheckpoint.restore(tensors: tensors, counters: counters, parameters: network.namedParameters,
                                                   optimizer: optimizer, counterNames: Self.counterNames)
        (steps, episodes, updates) = (restored["steps"]!, restored["episodes"]!, restored["updates"]!)
    }
}
