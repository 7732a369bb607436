import NN
import Tensors

/// PQN's checkpoint: the Q-network ("q.…"), the optimizer's moments ("radam.…" or "adam.…")
/// and the steps, episodes and updates counters, so that a resumed run continues its ε and
/// learning-rate schedules. The environment copies are not saved: a resumed run starts new games.
extension PQNAgent {
    static let counterNames = ["steps", "episodes", "updates"]

    var namedParameters: [(name: String, parameter: Parameter)] {
        network.namedParameters.map { ("q.\($0.name)", $0.parameter) }
    }

    public func checkpointTensors() -> [String: Tensor] {
        AgentCheckpoint.tensors(parameters: namedParameters, optimizer: optimizer)
    }

    public var checkpointCounters: [String: Int] { ["steps": steps, "episodes": episodes, "updates": updates] }

    /// Throws `AgentCheckpointMismatch`, changing nothing, unless every tensor and counter fits.
    public func restore(tensors: [String: Tensor], counters: [String: Int]) throws {
        let restored = try AgentCheckpoint.restore(tensors: tensors, counters: counters, parameters: namedParameters,
                                                   optimizer: optimizer, counterNames: Self.counterNames)
        (steps, episodes, updates) = (restored["steps"]!, restored["episodes"]!, restored["updates"]!)
    }
}
