import Tensors

/// REINFORCE's checkpoint: the policy ("policy.…") and baseline ("value.…") networks, the
/// optimizer's statistics, and the steps, episodes and updates counters.
extension ReinforceAgent {
    static let counterNames = ["steps", "episodes", "updates"]

    public func checkpointTensors() -> [String: Tensor] {
        AgentCheckpoint.tensors(parameters: namedParameters, optimizer: optimizer)
    }

    public var checkpointCounters: [String: Int] { ["steps": steps, "episodes": episodes, "updates": updates] }

    /// Throws `AgentCheckpointMismatch`, changing nothing, unless every tensor and counter fits.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        let restored = try AgentCheckpoint.restore(tensors: tensors, counters: counters, parameters: namedParameters,
                                                   optimizer: optimizer, counterNames: Self.counterNames)
        setCounters(steps: restored["steps"]!, episodes: restored["episodes"]!, updates: restored["updates"]!)
    }
}
