import Foundation
import Testing
import Gym
import Randomness

@Suite struct Recorders {
    @Test func unseededResetsAreStillReplayable() throws {
        let recorder = EpisodeRecorder(RecordingTestGame(), seed: 7)
        var actions = SeededGenerator(seed: 1)
        for _ in 0..<4 { try playEpisode(recorder, generator: &actions) }
        #expect(recorder.episodes.count == 4)
        #expect(Set(recorder.episodes.map(\.seed)).count == 4)
        for replay in recorder.episodes {
            #expect(try replay.play(in: RecordingTestGame()) == replay.statistics)
        }
        // The recorder's seed determines the seeds it draws.
        let again = EpisodeRecorder(RecordingTestGame(), seed: 7)
        var sameActions = SeededGenerator(seed: 1)
        for _ in 0..<4 { try playEpisode(again, generator: &sameActions) }
        #expect(again.episodes == recorder.episodes)
    }

    @Test func aGivenSeedIsRecordedAndRestartsTheSeedsThatFollow() throws {
        var actions = SeededGenerator(seed: 2)
        var followingSeeds: [UInt64] = []
        for recorderSeed: UInt64 in [1, 2] {
            let recorder = EpisodeRecorder(RecordingTestGame(), seed: recorderSeed)
            try playEpisode(recorder, seed: 42, generator: &actions)
            try playEpisode(recorder, generator: &actions)
            #expect(recorder.episodes[0].seed == 42)
            followingSeeds.append(recorder.episodes[1].seed)
        }
        #expect(followingSeeds[0] == followingSeeds[1])
    }

    @Test func optionsAreRecordedAndReplayed() throws {
        let recorder = EpisodeRecorder(RecordingTestGame(), seed: 3)
        var actions = SeededGenerator(seed: 3)
        try playEpisode(recorder, options: ["start": 3], generator: &actions)
        let replay = try #require(recorder.episodes.first)
        #expect(replay.options == ["start": 3])
        #expect(try replay.play(in: RecordingTestGame()) == replay.statistics)
    }

    @Test func theRecordMatchesWhatTheStepsReturned() throws {
        let recorder = EpisodeRecorder(RecordingTestGame(), seed: 4)
        try recorder.reset()
        var taken: [Int] = []
        var total = 0.0
        var action = 0
        while true {
            let outcome = try recorder.step(action)
            taken.append(action)
            total += outcome.reward
            action = (action + 1) % 3
            if outcome.isEpisodeOver { break }
        }
        let replay = try #require(recorder.lastEpisode?.replay)
        #expect(replay.actions == taken && replay.episodeReturn == total && replay.environmentID == "RecordingTestGame-v0")
    }

    @Test func everyFinishedEpisodeIsHandedOverAndAnAbandonedOneIsDropped() throws {
        var handedOver: [RecordedEpisode] = []
        let recorder = EpisodeRecorder(RecordingTestGame(renderMode: .rgbArray), seed: 5, keepsEpisodes: false) { handedOver.append($0) }
        var actions = SeededGenerator(seed: 5)
        try playEpisode(recorder, generator: &actions)
        try recorder.reset()
        _ = try recorder.step(1)  // abandoned by the next reset
        try playEpisode(recorder, generator: &actions)
        #expect(handedOver.count == 2)
        #expect(recorder.episodes.isEmpty)
        #expect(recorder.lastEpisode == handedOver.last)
        for episode in handedOver {
            #expect(episode.frames.count == episode.replay.length + 1)
            #expect(episode.framesPerSecond == 30)
        }
    }

    @Test func anExistentialEnvironmentCanBeRecordedThroughTheCallback() throws {
        var finished: [EpisodeReplay] = []
        func recording<E: Environment>(_ environment: E) -> any Environment {
            EpisodeRecorder(environment, seed: 12) { finished.append($0.replay) }
        }
        let made: any Environment = RecordingTestGame()
        let recorded = recording(made)
        var actions = SeededGenerator(seed: 12)
        try playEpisode(recorded, generator: &actions)
        let replay = try #require(finished.first)
        #expect(try replay.play(in: RecordingTestGame()) == replay.statistics)
    }

    @Test func noFramesAreKeptWhenTheEnvironmentDoesNotDraw() throws {
        let recorder = EpisodeRecorder(RecordingTestGame(), seed: 6)
        var actions = SeededGenerator(seed: 6)
        try playEpisode(recorder, generator: &actions)
        #expect(recorder.lastEpisode?.frames == [])
    }

    /// The step each frame shows, from its red channel.
    private func stepsShown(_ episode: RecordedEpisode) -> [Int] { episode.frames.map { Int($0.pixels[0]) } }

    @Test func framesAreKeptEveryIntervalSteps() throws {
        let game = RecordingTestGame(renderMode: .rgbArray, edge: 1000, maximumSteps: 10)
        let recorder = EpisodeRecorder(game, seed: 8, frameInterval: 3)
        var actions = SeededGenerator(seed: 8)
        try playEpisode(recorder, generator: &actions)
        let episode = try #require(recorder.lastEpisode)
        #expect(stepsShown(episode) == [0, 3, 6, 9])
        #expect(episode.frameInterval == 3 && episode.framesPerSecond == 10)
    }

    @Test func theFrameCapThinsFramesButCoversTheWholeEpisode() throws {
        let game = RecordingTestGame(renderMode: .rgbArray, edge: 1000, maximumSteps: 21)
        let recorder = EpisodeRecorder(game, seed: 9, maximumFramesPerEpisode: 4)
        var actions = SeededGenerator(seed: 9)
        try playEpisode(recorder, generator: &actions)
        let episode = try #require(recorder.lastEpisode)
        // Full at steps 0…3, thinned to every 2nd, then every 4th, then every 8th step.
        #expect(stepsShown(episode) == [0, 8, 16])
        #expect(episode.frameInterval == 8 && episode.framesPerSecond == 30.0 / 8)

        for (cap, length) in [(2, 1), (2, 37), (5, 50), (7, 60)] {
            let game = RecordingTestGame(renderMode: .rgbArray, edge: 1000, maximumSteps: length)
            let recorder = EpisodeRecorder(game, seed: 9, maximumFramesPerEpisode: cap)
            try playEpisode(recorder, generator: &actions)
            let episode = try #require(recorder.lastEpisode)
            #expect(episode.frames.count <= cap)
            #expect(stepsShown(episode) == Array(stride(from: 0, through: length, by: episode.frameInterval)))
        }
    }

    @Test func savingWritesAReplayAndAGIF() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = EpisodeRecorder(RecordingTestGame(renderMode: .rgbArray), seed: 10)
        var actions = SeededGenerator(seed: 10)
        try playEpisode(recorder, seed: 5, generator: &actions)
        let episode = try #require(recorder.lastEpisode)
        let target = directory.appendingPathComponent("nested/recordings")
        let saved = try EpisodeRecording.save(episode, directory: target, index: 2)
        #expect(saved.replay.lastPathComponent == "RecordingTestGame-v0-seed5-2.replay")
        #expect(saved.gif?.lastPathComponent == "RecordingTestGame-v0-seed5-2.gif")
        #expect(try EpisodeReplay.read(from: saved.replay) == episode.replay)
        let gif = try GIFTestDecoder(Array(Data(contentsOf: try #require(saved.gif))))
        #expect(gif.frames.count == episode.frames.count)
        #expect(gif.width == 4 && gif.height == 3)
    }

    @Test func savingWithoutFramesWritesOnlyTheReplay() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let replay = EpisodeReplay(environmentID: "ALE/Pong-v5", seed: 3, actions: [1], episodeReturn: 1)
        let saved = try EpisodeRecording.save(replay: replay, frames: [], framesPerSecond: 60, directory: directory)
        #expect(saved.replay.lastPathComponent == "ALE_Pong-v5-seed3-0.replay")
        #expect(saved.gif == nil)
    }

    @Test func savingWhereADirectoryCannotBeMadeNamesIt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("file")
        try Data([1]).write(to: blocker)
        let replay = EpisodeReplay(environmentID: "G", seed: 3, actions: [1], episodeReturn: 1)
        let error = #expect(throws: ReplayError.self) {
            try EpisodeRecording.save(replay: replay, frames: [], framesPerSecond: 60, directory: blocker.appendingPathComponent("sub"))
        }
        guard case .cannotWrite(let path, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == blocker.appendingPathComponent("sub").path)
    }
}
