import Gym

/// Every environment rlrun ships, by id, as `rlrun list` shows them.
public let environments: EnvironmentRegistry = {
    var registry = EnvironmentRegistry()
    registry.register("CartPole-v1", summary: "Balance a pole on a cart; Gymnasium's CartPole-v1, bit for bit (500-step limit)") { renderMode in
        TimeLimit(CartPole(renderMode: renderMode), maxEpisodeSteps: 500)
    }
    registry.register("Breakout", summary: "Atari 2600 Breakout as the ALE plays it: 210×160 RGB frames, one frame a step, 864 a perfect game (30-minute limit)") { renderMode in
        TimeLimit(Breakout(renderMode: renderMode), maxEpisodeSteps: 108_000)
    }
    registry.register("Breakout-state", summary: "Breakout observed as 116 numbers: paddle, ball, lives and the 108 bricks (30-minute limit)") { renderMode in
        TimeLimit(BreakoutState(renderMode: renderMode), maxEpisodeSteps: 108_000)
    }
    registry.register("Pong", summary: "Atari 2600 Pong as the ALE's PongNoFrameskip: 210×160 RGB frames, beat the computer to 21 (108,000-frame limit)") { renderMode in
        TimeLimit(Pong(renderMode: renderMode), maxEpisodeSteps: 108_000)
    }
    registry.register("Pong-state", summary: "Pong observed as 9 numbers: paddles, ball position and speed, scores (108,000-frame limit)") { renderMode in
        TimeLimit(PongState(renderMode: renderMode), maxEpisodeSteps: 108_000)
    }
    return registry
}()
