import ArgumentParser
import Display
import Foundation
import Games
import Gym

/// `rlrun play breakout`: a person plays in a window with the arrow keys and Space.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play an environment yourself in a window: arrow keys to move, Space to fire, Escape to quit.",
        discussion: "Breakout: Left/Right move, Space serves. Pong: Up/Down move. CartPole: Left/Right push. After an episode ends, Space or Return starts the next one.")

    @Argument(help: "breakout, pong, cartpole, or any id from `rlrun list`.")
    var environment: String

    @Option(help: "Seed of the first episode; later episodes go on from it.")
    var seed: UInt64 = 0

    @Option(help: "Window pixels per frame pixel.")
    var scale: Int = 3

    @Flag(help: "Save each episode as a .replay file (for `rlrun replay`) and a GIF.")
    var record = false

    @Option(name: .customLong("recordings-dir"), help: "Where --record writes.")
    var recordingsDirectory = "recordings"

    func validate() throws {
        guard (1...8).contains(scale) else { throw ValidationError("--scale \(scale): use a whole number from 1 to 8") }
    }

    func run() throws {
        guard let id = environments.resolve(environment) else {
            throw CommandLineError("unknown environment '\(environment)'; known environments: \(environments.ids.joined(separator: ", "))")
        }
        try play(try environments.make(id, renderMode: .rgbArray))
    }

    private func play<E: Environment>(_ game: E) throws {
        var saved = 0
        let recordings = URL(fileURLWithPath: recordingsDirectory)
        // The recorder seeds each episode itself, so every one can be replayed exactly.
        let env = EpisodeRecorder(game, seed: seed, maximumFramesPerEpisode: 2048, keepsEpisodes: false) { episode in
            guard record else { return }
            do {
                let files = try EpisodeRecording.save(episode, directory: recordings, index: saved)
                print("recorded \(files.replay.path)\(files.gif.map { " and \($0.path)" } ?? "")")
                saved += 1
            } catch {
                print("could not save the recording: \(error)")
            }
        }
        try env.reset(seed: seed)
        guard let first = env.render() else { throw CommandLineError("\(env.id) cannot draw itself, so it cannot be played") }
        let window = try Window(title: "rlrun play \(env.id)", width: first.width, height: first.height, scale: scale)
        defer { window.close() }
        window.show(first, framesPerSecond: env.framesPerSecond)
        var action = 0, episodeReturn = 0.0, length = 0
        while !window.closeRequested {
            action = HumanControls.action(for: window.keyboard, meanings: env.actionMeanings) ?? action
            let outcome = try env.step(action)
            episodeReturn += outcome.reward
            length += 1
            if let frame = env.render() { window.show(frame, framesPerSecond: env.framesPerSecond) }
            guard outcome.isEpisodeOver else { continue }
            print("\(env.id): return \(episodeReturn), \(length) steps\(outcome.truncated ? " (time limit)" : "")")
            guard waitForNextEpisode(window) else { break }
            try env.reset()
            (episodeReturn, length) = (0, 0)
        }
    }

    /// Keeps the last frame up until the person presses Space or Return (true) or quits (false).
    private func waitForNextEpisode(_ window: Window) -> Bool {
        // First let go of the key that was held when the episode ended.
        while !window.closeRequested && (window.keyboard.space || window.keyboard.enter) { pause(window) }
        while !window.closeRequested && !(window.keyboard.space || window.keyboard.enter) { pause(window) }
        return !window.closeRequested
    }

    private func pause(_ window: Window) {
        window.pollEvents()
        usleep(20_000)
    }
}
