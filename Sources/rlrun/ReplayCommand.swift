import ArgumentParser
import Display
import Foundation
import Games
import Gym

/// `rlrun replay <file>`: plays a recorded episode again, exactly, and checks that it comes out
/// the same; with `--render`, in a window.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play back a .replay file (from --record) and check that the episode comes out the same.")

    @Argument(help: "A .replay file.")
    var file: String

    @Flag(help: "Show the episode in a window at the game's speed.")
    var render = false

    @Option(help: "Window pixels per frame pixel.")
    var scale: Int = 3

    func run() throws {
        let replay = try EpisodeReplay.read(from: URL(fileURLWithPath: file))
        guard environments.ids.contains(replay.environmentID) else {
            throw CommandLineError("\(file): recorded in '\(replay.environmentID)', which this rlrun does not have; known environments: \(environments.ids.joined(separator: ", "))")
        }
        let env = try environments.make(replay.environmentID, renderMode: render ? .rgbArray : .none)
        var window: Window?
        defer { window?.close() }
        let statistics = try replay.play(in: env) { _ in
            guard render, let frame = env.render() else { return }
            if window == nil {
                window = try? Window(title: "rlrun replay \(replay.environmentID)", width: frame.width, height: frame.height, scale: scale)
            }
            window?.show(frame, framesPerSecond: env.framesPerSecond)
        }
        print("\(replay.environmentID) seed \(replay.seed): return \(statistics.episodeReturn), \(statistics.length) steps, as recorded")
    }

    func validate() throws {
        guard (1...8).contains(scale) else { throw ValidationError("--scale \(scale): use a whole number from 1 to 8") }
        if render { _ = try Window.checkDisplay() }
    }
}
