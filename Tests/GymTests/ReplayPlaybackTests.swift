import Foundation
import Testing
import Gym
import Randomness

@Suite struct ReplayPlayback {
    /// The first episode of a recorder over a fresh game, played with seeded random actions.
    private func recordedEpisode(seed: UInt64 = 11, options: [String: Double] = [:], renderMode: RenderMode = .none) throws -> RecordedEpisode {
        let recorder = EpisodeRecorder(RecordingTestGame(renderMode: renderMode), seed: seed, maximumFramesPerEpisode: 1000)
        var actions = SeededGenerator(seed: seed + 1)
        try playEpisode(recorder, options: options, generator: &actions)
        return try #require(recorder.lastEpisode)
    }

    @Test func playingBackGivesTheRecordedReturnAndLength() throws {
        let replay = try recordedEpisode().replay
        #expect(replay.length > 1)
        var reported: [Int] = []
        let replayed = try replay.play(in: RecordingTestGame()) { reported.append($0) }
        #expect(replayed == replay.statistics)
        #expect(reported == Array(0...replay.length))
    }

    @Test func playingBackThroughAFileShowsTheSameFrames() throws {
        let episode = try recordedEpisode(options: ["start": 2], renderMode: .rgbArray)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("episode.replay")
        try episode.replay.write(to: url)
        let game = RecordingTestGame(renderMode: .rgbArray)
        var frames: [RGBFrame] = []
        try EpisodeReplay.read(from: url).play(in: game) { _ in if let frame = game.render() { frames.append(frame) } }
        #expect(episode.frameInterval == 1)
        #expect(frames == episode.frames)
    }

    @Test func anExistentialEnvironmentCanPlayBack() throws {
        let replay = try recordedEpisode().replay
        let environment: any Environment = RecordingTestGame()
        #expect(try replay.play(in: environment) == replay.statistics)
    }

    @Test func anotherEnvironmentIsRefused() throws {
        var replay = try recordedEpisode().replay
        replay.environmentID = "CartPole-v1"
        #expect(throws: ReplayError.wrongEnvironment(recorded: "CartPole-v1", given: "RecordingTestGame-v0")) {
            try replay.play(in: RecordingTestGame())
        }
    }

    @Test func aDivergenceNamesBothFigures() throws {
        let replay = try recordedEpisode().replay
        var otherSeed = replay
        otherSeed.seed += 1
        let error = #expect(throws: ReplayError.self) { try otherSeed.play(in: RecordingTestGame()) }
        guard case .outcomeMismatch(_, _, let recorded, let replayed, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(recorded == replay.statistics && replayed != recorded)
        let message = try #require(error?.description)
        #expect(message.contains("\(recorded.episodeReturn)") && message.contains("\(replayed.episodeReturn)"))
    }

    @Test func anEpisodeThatDoesNotEndOnTheLastActionDiverges() throws {
        let replay = try recordedEpisode().replay
        var shorter = replay
        shorter.actions.removeLast()
        let error = #expect(throws: ReplayError.self) { try shorter.play(in: RecordingTestGame()) }
        guard case .outcomeMismatch(_, _, _, let replayed, let ended) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(replayed.length == shorter.length && !ended)
        #expect(error?.description.contains("without the episode ending") == true)

        var longer = replay
        longer.actions.append(1)
        let longerError = #expect(throws: ReplayError.self) { try longer.play(in: RecordingTestGame()) }
        guard case .outcomeMismatch(_, _, _, let stopped, true) = longerError else { Issue.record("got \(String(describing: longerError))"); return }
        #expect(stopped.length == replay.length)
    }

    @Test func anActionTheEnvironmentRejectsIsReported() throws {
        var replay = try recordedEpisode().replay
        replay.actions[0] = 7
        #expect(throws: ReplayError.environmentFailed(.actionOutsideSpace(environment: "RecordingTestGame-v0", action: 7, space: Discrete(3)))) {
            try replay.play(in: RecordingTestGame())
        }
    }
}
