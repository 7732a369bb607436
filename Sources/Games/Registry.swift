import Gym

/// Every environment rlrun ships, by id, as `rlrun list` shows them.
public let environments: EnvironmentRegistry = {
    var registry = EnvironmentRegistry()
    registry.register("CartPole-v1", summary: "Balance a pole on a cart; Gymnasium's CartPole-v1, bit for bit (500-step limit)") { renderMode in
        TimeLimit(CartPole(renderMode: renderMode), maxEpisodeSteps: 500)
    }
    return registry
}()
