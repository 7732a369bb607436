import Games
import Gym
import Randomness

/// Steps per second of the environments, single copies stepped in a loop with random actions
/// (drawn beforehand, so that only the environment is timed), resetting as episodes end.
enum EnvironmentBenchmark {
    static func run() -> [BenchmarkResult] {
        [cartPole()] + [1, 2].map { vectorCartPole(copies: 64, threads: $0) }
    }

    /// A batch of copies stepped together; steps counted per copy.
    private static func vectorCartPole(copies: Int, threads: Int) -> BenchmarkResult {
        let vector = try! VectorEnvironment(count: copies, threads: threads) { TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        try! vector.reset(seed: 5)
        var generator = SeededGenerator(seed: 6)
        let batches = (0..<64).map { _ in (0..<copies).map { _ in generator.nextInt(below: 2) } }
        let batchesPerRun = 2000
        let seconds = Stopwatch.medianSeconds(warmup: 1, minimumRuns: 5, minimumSeconds: 1) {
            for t in 0..<batchesPerRun { try! vector.step(batches[t & 63]) }
        }
        return BenchmarkResult(name: "cartpole_steps_per_s_vector\(copies)_threads\(threads)",
                               value: Double(batchesPerRun * copies) / seconds / 1e6, unit: "M steps/s",
                               reference: "\(copies) copies, auto-reset")
    }

    private static func cartPole() -> BenchmarkResult {
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        var generator = SeededGenerator(seed: 5)
        let actions = (0..<4096).map { _ in generator.nextInt(below: 2) }
        try! env.reset(seed: 5)
        let stepsPerRun = 1_000_000
        var checksum = 0.0
        let seconds = Stopwatch.medianSeconds(warmup: 1, minimumRuns: 5, minimumSeconds: 1) {
            for t in 0..<stepsPerRun {
                let outcome = try! env.step(actions[t & 4095])
                checksum += outcome.reward
                if outcome.isEpisodeOver { try! env.reset() }
            }
        }
        if checksum.isNaN { print("") }  // keeps the loop from being optimized away
        return BenchmarkResult(name: "cartpole_steps_per_s_1env", value: Double(stepsPerRun) / seconds / 1e6,
                               unit: "M steps/s", reference: "goal ≥ 20 per core; Gymnasium ≈ 0.12")
    }
}
