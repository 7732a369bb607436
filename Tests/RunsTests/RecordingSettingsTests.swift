import Foundation
import Testing
import Agents
import Games
import Gym
import Presets
import Runs

/// `--record` through the whole preprocessing stack: the replay is recorded one game frame a
/// step under the registry's id, so playing it back in `environments.make("Breakout")`
/// reproduces the game the agent played through no-ops, fire, lost lives, frame skip and stacking.
@Suite struct RecordingSettingsTests {
    @Test func recordedEpisodesReplayInTheRegistrysEnvironment() throws {
        let directory = NSTemporaryDirectory() + "rlrun-recordings-\(UUID().uuidString)"
        var table = TOMLTable()
        for (key, value): (String, TOMLValue) in [("id", .string("Breakout")), ("observation", .string("pixels")),
                                                  ("noop_max", .integer(30)), ("frame_skip", .integer(4)), ("screen_size", .integer(84)),
                                                  ("frame_stack", .integer(4)), ("terminal_on_life_loss", .boolean(true)),
                                                  ("fire_reset", .boolean(true)), ("clip_rewards", .boolean(true)),
                                                  ("sticky_action_probability", .float(0.25))] {
            table[key] = value
        }
        let recording = RecordingSettings(directory: directory, seed: 3, frameInterval: 8)
        guard case let .pixels(env) = try EnvironmentPreset(table, source: "test").make(recording: recording) else {
            Issue.record("Breakout did not observe pixels"); return
        }
        // Lives end the agent's episodes, as in training; the evaluation plays the whole game
        // through them, and the recording is that one game.
        let result = try evaluate(RandomPolicy(actionSpace: env.actionSpace, seed: 4), in: env, episodes: 1, seed: 11, livesEndEpisodes: true)
        #expect(recording.saved.filter { $0.hasSuffix(".replay") }.count == 1)
        let replayPath = try #require(recording.saved.first { $0.hasSuffix(".replay") })
        #expect(recording.saved.contains { $0.hasSuffix(".gif") })
        let replay = try EpisodeReplay.read(from: URL(fileURLWithPath: replayPath))
        #expect(replay.environmentID == "Breakout" && replay.seed == 11)
        // Agent steps are 4 frames each; the game's score is the evaluation's.
        #expect(replay.episodeReturn == result.returnMean)
        #expect(replay.length > 3 * Int(result.lengthMean))
        let replayed = try replay.play(in: environments.make("Breakout"))
        #expect(replayed == replay.statistics)
    }
}
