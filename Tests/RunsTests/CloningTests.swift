import Foundation
import Testing
import Agents
import Datasets
import Games
import Gym
import NN
import Presets
import Runs
import Tensors

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// An episode of `id` played with `policy` from `seed`, recorded as a replay (at most `limit` steps).
private func recordedEpisode(_ id: String, seed: UInt64, limit: Int, policy: (Int) -> Int) throws -> EpisodeReplay {
    let env = try environments.make(id)
    try env.reset(seed: seed, options: [:])
    var actions: [Int] = [], total = 0.0
    while actions.count < limit {
        let action = policy(actions.count)
        actions.append(action)
        let outcome = try env.step(action)
        total += outcome.reward
        if outcome.isEpisodeOver { break }
    }
    return EpisodeReplay(environmentID: env.id, seed: seed, actions: actions, episodeReturn: total)
}

private func preset(_ name: String, _ overrides: [String: TOMLValue] = [:]) throws -> EnvironmentPreset {
    var table = try TOMLParser.parse(String(contentsOfFile: repository + "/envs/\(name).toml", encoding: .utf8))
    for (key, value) in overrides { table[key] = value }
    return try EnvironmentPreset(table, source: "envs/\(name).toml")
}

@Suite struct DemonstrationsTests {
    @Test func cartPoleGivesAPairPerRecordedStep() throws {
        let replay = try recordedEpisode("CartPole-v1", seed: 3, limit: 500) { ($0 / 3) % 2 }
        let (dataset, episodes) = try Demonstrations.collect([("a.replay", replay)], environment: preset("cartpole"))
        #expect(dataset.count == replay.length && dataset.labels == replay.actions && dataset.exampleShape == [4] && dataset.classCount == 2)
        #expect(episodes.map(\.pairs) == [replay.length] && episodes[0].recordedReturn == replay.episodeReturn)
        // The first observation is the recording's reset.
        let env = try environments.make("CartPole-v1")
        try env.reset(seed: 3, options: [:])
        let first: [Float] = try #require(env.observation() as? [Float])
        #expect(Array(dataset.features[0..<4]) == first)
    }

    /// Under Breakout's preset the recorded frames are grouped by four (the frame skip), each
    /// observation a stack of 84×84 frames. Without the resets' own frames (no-ops, FIRE,
    /// lives as episodes) the grouping is exact: pair i is frames 4i…4i+3, labelled by frame 4i.
    @Test func breakoutPixelsArePairedWithTheFirstActionOfEachSkippedGroup() throws {
        var generator = SeededGenerator(seed: 4)
        let replay = try recordedEpisode("Breakout", seed: 5, limit: 400) { _ in generator.nextInt(below: 4) }
        let plain = try preset("breakout", ["noop_max": .integer(0), "fire_reset": .boolean(false), "terminal_on_life_loss": .boolean(false)])
        let (exact, _) = try Demonstrations.collect([("b.replay", replay)], environment: plain)
        #expect(exact.exampleShape == [4, 84, 84] && exact.classCount == 4)
        #expect(exact.count == (replay.length + 3) / 4 && exact.features.allSatisfy { (0...1).contains($0) })
        #expect(exact.labels == (0..<exact.count).map { replay.actions[4 * $0] })
        // With the preset's resets, fewer pairs: their frames are played but not labelled.
        let (full, _) = try Demonstrations.collect([("b.replay", replay)], environment: preset("breakout"))
        #expect(full.count > 60 && full.count < exact.count, "\(full.count) pairs from \(replay.length) frames")
    }

    @Test func recordingsOfAnotherGameAreRefused() throws {
        let replay = try recordedEpisode("CartPole-v1", seed: 1, limit: 20) { $0 % 2 }
        #expect { try Demonstrations.collect([("c.replay", replay)], environment: preset("pong")) } throws: {
            String(describing: $0).contains("c.replay: recorded in CartPole-v1, not Pong")
        }
    }
}

/// Serialized: the preset root is process-wide.
@Suite(.serialized) struct CloneCheckpointTests {
    init() { PresetFiles.rootOverride = repository }

    @Test func aClonedNetworkStartsAnAgentAndNamesWhatItWasClonedFor() throws {
        let configuration = try RunConfiguration.resolve(agent: "a3c", environment: "cartpole", assignments: ["hidden_sizes=[8]"], steps: nil, seed: nil)
        let hyperparameters = try A3CHyperparameters(preset: configuration.hyperparameters, source: "agents/a3c.toml")
        let teacher = try A3CAgent(observationShape: [4], actionCount: 2, hyperparameters: hyperparameters, seed: 1)
        let student = try A3CAgent(observationShape: [4], actionCount: 2, hyperparameters: hyperparameters, seed: 2)
        let path = NSTemporaryDirectory() + "rlrun-clone-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ClonedPolicy(teacher).save(to: path, metadata: CloneCheckpoint.metadata(agent: "a3c", environment: "cartpole", configuration: ""))
        try student.start(fromClone: try CloneCheckpoint.read(from: path, agent: "a3c", environment: "cartpole"))
        let input = Tensor(shape: [1, 4], scalars: [0.1, -0.2, 0.3, 0.0])
        #expect(student.policyLogits(input).scalars == teacher.policyLogits(input).scalars)
        #expect { try CloneCheckpoint.read(from: path, agent: "dqn", environment: "cartpole") } throws: {
            String(describing: $0).contains("cloned for a3c on cartpole, not dqn on cartpole")
        }
        let wider = try A3CAgent(observationShape: [6], actionCount: 2, hyperparameters: hyperparameters, seed: 3)
        let before = wider.clonedParameters.map(\.parameter.value.scalars)
        #expect(throws: AgentCheckpointMismatch.self) { try wider.start(fromClone: CloneCheckpoint.read(from: path, agent: "a3c", environment: "cartpole")) }
        #expect(wider.clonedParameters.map(\.parameter.value.scalars) == before)
    }

    @Test func aDQNCloneStartsBothItsNetworks() throws {
        let configuration = try RunConfiguration.resolve(agent: "dqn", environment: "cartpole", assignments: [], steps: nil, seed: nil)
        func agent(seed: UInt64) throws -> DQNAgent {
            try DQNAgent(observationShape: [4], actionCount: 2,
                         hyperparameters: DQNHyperparameters(preset: configuration.hyperparameters, source: "agents/dqn.toml", steps: 100, seed: seed))
        }
        let (teacher, student) = (try agent(seed: 1), try agent(seed: 2))
        try student.start(fromClone: Dictionary(uniqueKeysWithValues: teacher.clonedParameters.map { ($0.name, $0.parameter.value) }))
        let input = Tensor(shape: [1, 4], scalars: [0.1, -0.2, 0.3, 0.0])
        #expect(student.onlineNetwork(input).scalars == teacher.onlineNetwork(input).scalars)
        #expect(student.targetNetwork(input).scalars == teacher.onlineNetwork(input).scalars)
    }
}
