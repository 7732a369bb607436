import Tensors

/// A3C's checkpoint: the shared network ("trunk.…", "policy.…", "value.…"), the shared
/// RMSProp statistics ("rmsprop.meanSquare.…"), and the steps, episodes and updates counters.
/// Learners' environments are not saved: a resumed run starts new episodes.
extension A3CAgent {
    static let counterNames = ["steps", "episodes", "updates"]

    public func checkpointTensors() -> [String: Tensor] {
        AgentCheckpoint.tensors(parameters: network.namedParameters, optimizer: shared.optimizer)
    }

    public var checkpointCounters: [String: Int] { ["steps": steps, "episodes": episodes, "updates": updates] }

    /// Throws `AgentCheckpointMismatch`, changing nothing, unless every tensor and counter fits.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        let restored = try AgentCheckpoint.restore(tensors: tensors, counters: counters, parameters: network.namedParameters,
                                                   optimizer: shared.optimizer, counterNames: Self.counterNames)
        setCounters(steps: restored["steps"]!, episodes: restored["episodes"]!, updates: restored["updates"]!)
    }
}
