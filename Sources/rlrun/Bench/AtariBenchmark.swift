import Foundation
import Games
import Gym
import Randomness

/// Steps per second of Breakout and Pong: the raw 210 × 160 RGB frame rate, and the agent
/// steps of the full Atari preprocessing (no-op reset, 4-frame skip with max, 84 × 84
/// grayscale, 4-frame stack, fire reset, reward clipping) in a vector environment on 1 and 2
/// threads, through the general wrappers on RGB screens and through the fused fast path.
enum AtariBenchmark {
    static func run() -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        results.append(rawFrames(BreakoutGame.self))
        results.append(rawFrames(PongGame.self))
        for threads in [1, 2] {
            results.append(preprocessed(BreakoutGame.self, fast: true, threads: threads))
            results.append(preprocessed(PongGame.self, fast: true, threads: threads))
        }
        // One copy per thread: the working set fits the caches, which shows what eight cost.
        results.append(preprocessed(BreakoutGame.self, fast: true, threads: 2, copies: 2))
        results.append(preprocessed(BreakoutGame.self, fast: false, threads: 1))
        results.append(preprocessed(PongGame.self, fast: false, threads: 1))
        return results
    }

    /// One frame per step, each observation drawn and expanded to RGB (read every step).
    private static func rawFrames<Game: AtariGame>(_ game: Game.Type) -> BenchmarkResult {
        let env = AtariEnvironment<Game, ScreenPixels>()
        var generator = SeededGenerator(seed: 5)
        let actions = (0..<4096).map { _ in generator.nextInt(below: env.actionSpace.n) }
        try! env.reset(seed: 5)
        let framesPerRun = 5_000
        var checksum = 0
        let seconds = Stopwatch.medianSeconds(warmup: 1, minimumRuns: 5, minimumSeconds: 1) {
            for t in 0..<framesPerRun {
                if try! env.step(actions[t & 4095]).isEpisodeOver { try! env.reset() }
                checksum &+= env.withObservation { Int($0[t % $0.count]) }
            }
        }
        if checksum == .min { print("") }  // keeps the reads from being optimized away
        return BenchmarkResult(name: "\(Game.name.lowercased())_rgb_frames_per_s", value: Double(framesPerRun) / seconds / 1e3,
                               unit: "k frames/s", reference: "210×160×3 RGB, drawn by the rasterizer, 1 thread")
    }

    /// Agent steps (4 frames each) of `copies` preprocessed copies, all threads together.
    private static func preprocessed<Game: AtariGame>(_ game: Game.Type, fast: Bool, threads: Int, copies: Int = 8) -> BenchmarkResult {
        let vector = try! VectorEnvironment(count: copies, threads: threads) {
            () throws(EnvironmentError) -> AnyEnvironment<UInt8> in
            fast ? try fastAtariPreprocessing(Game.self)
                : try atariPreprocessing(TimeLimit(AtariEnvironment<Game, ScreenPixels>(), maxEpisodeSteps: 108_000))
        }
        try! vector.reset(seed: 5)
        var generator = SeededGenerator(seed: 6)
        let n = vector.actionSpace.n
        let batches = (0..<64).map { _ in (0..<copies).map { _ in generator.nextInt(below: n) } }
        let batchesPerRun = (fast ? 16_000 : 1600) / copies
        let seconds = Stopwatch.medianSeconds(warmup: 1, minimumRuns: 5, minimumSeconds: 1) {
            for t in 0..<batchesPerRun { try! vector.step(batches[t & 63]) }
        }
        let stepsPerSecond = Double(batchesPerRun * copies) / seconds
        return BenchmarkResult(name: "\(Game.name.lowercased())_preprocessed\(fast ? "_fast" : "_general")_steps_per_s_\(copies)copies_threads\(threads)",
                               value: stepsPerSecond / 1e3, unit: "k steps/s",
                               reference: String(format: "%.1fk per core; goal ≥ 250k per core; EnvPool ≈ 2.3k per core", stepsPerSecond / 1e3 / Double(threads)))
    }
}
