import Testing
import Games
import Gym

/// A window that counts what it is shown.
private final class CountingViewer: FrameViewer {
    var framesByEpisode: [Int: Int] = [:]
    var paces: Set<Int> = []
    var episode = 0
    var isClosed = false
    func show(_ frame: RGBFrame, framesPerSecond: Int) {
        framesByEpisode[episode, default: 0] += 1
        paces.insert(framesPerSecond)
    }
    func close() { isClosed = true }
}

@Suite struct ShowEpisodesTests {
    /// Every third episode is shown, each of its steps and its first frame; the others draw
    /// nothing. Once the window is closed nothing more is shown, and training goes on.
    @Test func showsEveryNthEpisodeUntilTheWindowCloses() throws {
        let viewer = CountingViewer()
        let env = ShowEpisodes(TimeLimit(CartPole(renderMode: .rgbArray), maxEpisodeSteps: 500), viewer: viewer, interval: 3)
        var lengths: [Int] = []
        for episode in 0..<7 {
            viewer.episode = episode
            if episode == 6 { viewer.close() }
            try env.reset(seed: UInt64(episode))
            var length = 0
            while try !env.step(length % 2).isEpisodeOver { length += 1 }
            lengths.append(length + 1)
        }
        #expect(viewer.framesByEpisode.keys.sorted() == [0, 3])
        #expect(viewer.framesByEpisode[0] == lengths[0] + 1 && viewer.framesByEpisode[3] == lengths[3] + 1)
        #expect(viewer.paces == [50])  // CartPole's own
    }

    /// A chosen pace replaces the game's own (--render-fps).
    @Test func showsAtAChosenPace() throws {
        let viewer = CountingViewer()
        let env = ShowEpisodes(CartPole(renderMode: .rgbArray), viewer: viewer, framesPerSecond: 0)
        try env.reset(seed: 1)
        _ = try env.step(0)
        #expect(viewer.paces == [0] && viewer.framesByEpisode[0] == 2)
    }
}
