import Agents
import Dispatch
import Gym
import Runs

/// Whole agents training on Pong's pixels with their presets (agents/*.toml), as `rlrun <agent>
/// pong` runs them: agent steps per second including acting, stepping the environments and
/// learning, and the network compute that sustains, FLOPs per agent step × steps per second.
/// PPO and PQN run 8 copies; DQN and A3C are beside them for comparison. Each agent first
/// trains a while untimed, so that DQN's replay memory is learning and every buffer is made.
enum AgentBenchmark {
    /// Multiply-adds × 2 of one Nature CNN forward pass on a [4, 84, 84] stack (Mnih et al.
    /// 2015): conv 8×8/4 to 32×20×20, 4×4/2 to 64×9×9, 3×3/1 to 64×7×7, 3136 → 512 → 6.
    static let natureForwardFLOPs: Double = {
        let conv1 = 20.0 * 20 * 32 * (8 * 8 * 4), conv2 = 9.0 * 9 * 64 * (4 * 4 * 32), conv3 = 7.0 * 7 * 64 * (3 * 3 * 64)
        return 2 * (conv1 + conv2 + conv3 + 3136 * 512 + 512 * 6)
    }()

    /// Network FLOPs per agent step, counting a backward pass as two forwards:
    /// - PPO and PQN: one acting forward, then 4 epochs of forward + backward per transition;
    /// - DQN: one acting forward, and every 4 steps a batch of 32 through the online network
    ///   (forward + backward) and the target network (forward);
    /// - A3C: one acting forward per step, and forward + backward over each step in its update.
    static let flopsPerStep: [String: Double] = [
        "ppo": natureForwardFLOPs * (1 + 4 * 3), "pqn": natureForwardFLOPs * (1 + 4 * 3),
        "dqn": natureForwardFLOPs * (1 + 32 * 4 / 4), "a3c": natureForwardFLOPs * (1 + 3),
    ]

    static let runs: [(agent: String, settings: [String], warmup: Int, measured: Int)] = [
        ("ppo", [], 1024, 3 * 1024),
        ("pqn", [], 1024, 3 * 1024),
        ("dqn", ["learning_starts=1000", "replay_capacity=20000"], 1500, 2000),
        ("a3c", [], 500, 2000),
    ]

    static func run() -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        for (agent, settings, warmup, measured) in runs {
            do {
                let configuration = try RunConfiguration.resolve(agent: agent, environment: "pong", assignments: settings,
                                                                 steps: 10_000_000, seed: 1)
                let preset = try EnvironmentPreset(configuration.environmentSettings, source: "envs/pong.toml")
                let env = try preset.make().pixels(of: "Pong")
                let built = try AgentFactory.build(agent, in: env, copies: { _ in try preset.make().pixels(of: "Pong") },
                                                   configuration: configuration)
                try built.train(warmup, TrainingHistory())
                let before = built.agent.checkpointCounters["steps"] ?? 0
                let start = DispatchTime.now().uptimeNanoseconds
                try built.train(measured, TrainingHistory())
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let rate = Double((built.agent.checkpointCounters["steps"] ?? 0) - before) / seconds
                results.append(BenchmarkResult(name: "\(agent)_pong_steps_per_s", value: rate, unit: "steps/s",
                                               reference: agent == "ppo" || agent == "pqn" ? "8 envs; CleanRL: bash bench/cleanrl/run.sh DIR \(agent)" : "same machine, for comparison"))
                results.append(BenchmarkResult(name: "\(agent)_pong_gflops", value: rate * flopsPerStep[agent]! / 1e9, unit: "GFLOP/s",
                                               reference: String(format: "%.2f GFLOP a step", flopsPerStep[agent]! / 1e9)))
            } catch {
                print("agents: \(agent) on pong could not run: \(error)")
            }
        }
        return results
    }
}
