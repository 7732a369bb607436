import Runs
import ArgumentParser
import Games

/// `rlrun list`: what there is to run.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the environments, the agents and the presets (agents, environments, models, datasets).")

    func run() {
        print("Environments (rlrun play <name>; a name is an id, in any case, with or without its version):")
        let width = environments.ids.map(\.count).max() ?? 0
        for entry in environments.entries {
            print("  \(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.summary)")
        }
        print("\nAgents (rlrun <agent> <env>; rlrun eval random <env> for the random agent):")
        let summaries = ["a3c": "A3C, Mnih et al. 2016: actor-critic learners on threads sharing one network",
                         "dqn": "DQN, Mnih et al. 2015: experience replay, target network, ε-greedy",
                         "drqn": "DRQN, Hausknecht & Stone 2015: DQN with an LSTM over single frames, replayed in sequences",
                         "ppo": "PPO, Schulman et al. 2017: clipped policy updates on rollouts of N environment copies",
                         "pqn": "PQN, Gallici et al. 2024: Q(λ) on rollouts of N copies, LayerNorm, no replay or target network",
                         "reinforce": "REINFORCE, Williams 1992: Monte Carlo policy gradients with a learned baseline",
                         "unreal": "UNREAL, Jaderberg et al. 2016: A3C with pixel control, reward prediction and value replay",
                         "random": "a uniformly random policy, the baseline"]
        for name in AgentFactory.names + ["random"] {
            print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0))  \(summaries[name] ?? "")")
        }
        guard let root = try? PresetFiles.root() else {
            print("\nPresets: none found (run rlrun from the project folder, or set RLRUN_PRESETS)")
            return
        }
        for kind in ["agents", "envs", "models", "datasets"] {
            let names = (try? PresetFiles.names(in: kind)) ?? []
            var lines: [String] = []
            for name in names {
                guard let preset = try? PresetFiles.table(kind, name) else { continue }
                let sections = preset.table.entries.compactMap { entry -> String? in
                    if case .table = entry.value { return entry.key } else { return nil }
                }
                lines.append("  \(preset.source)" + (sections.isEmpty ? "" : "  (sections: \(sections.joined(separator: ", ")))"))
            }
            let use = ["models": " (rlrun fit <model> <dataset>)", "datasets": " (rlrun fit <model> <dataset>)"][kind] ?? ""
            print("\nPresets in \(root)/\(kind)\(use):")
            lines.forEach { print($0) }
        }
    }
}
