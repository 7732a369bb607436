import Foundation
@testable import Runs
import Testing

/// `rlrun compare` on run folders made by hand: a config.toml and a progress.csv each, with
/// figures chosen so that every number in the table and on the curves can be worked out.
@Suite struct ComparisonTests {
    private let parent = NSTemporaryDirectory() + "rlrun-compare-\(UUID().uuidString)"

    /// A run folder of `agent` on cartpole with `seed` and `learningRate`; `games` are
    /// (step, seconds, score) and `evaluations` (step, seconds, mean).
    private func run(_ name: String, agent: String = "dqn", seed: Int, learningRate: Double = 0.001,
                     games: [(Int, Double, Double)], evaluations: [(Int, Double, Double)] = []) throws -> ComparedRun {
        let path = parent + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let config = """
            [run]
            agent = "\(agent)"
            environment = "cartpole"
            steps = 1000
            seed = \(seed)

            [agent]
            learning_rate = \(learningRate)

            [env]
            id = "CartPole-v1"

            """
        try config.write(toFile: path + "/config.toml", atomically: true, encoding: .utf8)
        var rows = ["step,seconds,episode,return,length,loss,eval_return"]
        var lines: [(Int, String)] = games.enumerated().map { i, game in (game.0, "\(game.0),\(game.1),\(i + 1),\(game.2),10,,") }
        lines += evaluations.map { ($0.0, "\($0.0),\($0.1),,,,,\($0.2)") }
        rows += lines.sorted { $0.0 < $1.0 }.map(\.1)
        try (rows.joined(separator: "\n") + "\n").write(toFile: path + "/progress.csv", atomically: true, encoding: .utf8)
        return try ComparedRun(folder: path)
    }

    /// Three seeds scoring 1, 2 and 3 in every game, at steps 100, 200, …, 1000.
    private func threeSeeds() throws -> [ComparedRun] {
        try (1...3).map { seed in
            try run("dqn-s\(seed)", seed: seed, games: (1...10).map { (100 * $0, Double($0), Double(seed)) },
                    evaluations: [(500, 5.5, Double(10 * seed)), (1000, 11, Double(20 * seed))])
        }
    }

    @Test func theTableGivesEachRunsStepsTimeScoreAndEvaluations() throws {
        let a = try run("a", seed: 1, games: [(100, 1, 10), (200, 2, 20), (300, 3.25, 60)], evaluations: [(200, 2.5, 50), (300, 3.5, 40)])
        let b = try run("b,odd", agent: "ppo", seed: 2, games: [(150, 0.5, -1)])
        let comparison = Comparison(runs: [a, b], window: 2)
        #expect(comparison.csv == """
            run,agent,environment,seed,steps,seconds,games,score,final_eval,best_eval,best_eval_step
            a,dqn,cartpole,1,300,3.5000,3,40,40,50,200
            "b,odd",ppo,cartpole,2,150,0.5000,1,-1,,,

            """)
    }

    @Test func seedsOfOneConfigurationBecomeOneMeanWithABand() throws {
        let seeds = try threeSeeds()
        let other = try run("dqn-fast", seed: 1, learningRate: 0.01, games: [(100, 1, 5), (200, 2, 7)])
        let comparison = Comparison(runs: seeds + [other], window: 3, groupingSeeds: true)
        #expect(comparison.curves.map(\.label) == ["dqn on cartpole, 3 seeds (learning_rate = 0.001)",
                                                   "dqn on cartpole, seed 1 (learning_rate = 0.01)"])
        let group = comparison.curves[0]
        #expect(group.line.count == ComparisonCurve.gridPoints)
        #expect(group.line.first!.x == 100 && group.line.last!.x == 1000)
        // Scores 1, 2, 3: mean 2, sample standard deviation 1.
        #expect(group.line.allSatisfy { abs($0.y - 2) < 1e-12 })
        #expect(group.band.allSatisfy { abs($0.low - 1) < 1e-12 && abs($0.high - 3) < 1e-12 })
        #expect(group.evaluations.map(\.x) == [500, 1000] && group.evaluations.map(\.y) == [20, 40])
        #expect(comparison.curves[1].band.isEmpty && comparison.curves[1].line.map(\.y) == [5, 6])
        #expect(comparison.csv == """
            configuration,runs,seeds,steps,seconds,score_mean,score_std,final_eval_mean,final_eval_std,best_eval_mean,best_eval_std
            "dqn on cartpole, 3 seeds (learning_rate = 0.001)",3,1 2 3,1000,11,2,1,40,20,40,20
            "dqn on cartpole, seed 1 (learning_rate = 0.01)",1,1,200,2,6,0,,,,

            """)
    }

    /// Seeds are read between their games linearly, over the stretch all of them cover; on
    /// the time axis, at the seconds their games ended.
    @Test func seedsAreAveragedWhereEveryOneHasGames() throws {
        let early = try run("early", seed: 1, games: [(100, 10, 0), (300, 30, 20)])
        let late = try run("late", seed: 2, games: [(200, 20, 10), (400, 50, 10)])
        let steps = ComparisonCurve(seeds: [early, late], label: "", axis: .steps, window: 1)
        #expect(steps.line.first!.x == 200 && steps.line.last!.x == 300)
        #expect(abs(steps.line.first!.y - 10) < 1e-12)  // early at 200: halfway from 0 to 20
        #expect(abs(steps.line.last!.y - 15) < 1e-12)  // (20 + 10) / 2
        let time = ComparisonCurve(seeds: [early, late], label: "", axis: .time, window: 1)
        #expect(time.line.first!.x == 20 && time.line.last!.x == 30)
    }

    @Test func theChartDrawsEveryCurveItsBandAndItsEvaluations() throws {
        let seeds = try threeSeeds()
        let single = try run("ppo-1", agent: "ppo", seed: 1, games: [(100, 1, 3), (200, 2, 4)], evaluations: [(200, 2, 9)])
        let grouped = Comparison(runs: seeds + [single], axis: .time, window: 2, groupingSeeds: true).svg(title: "dqn & ppo")
        #expect(grouped.contains(">dqn &amp; ppo</text>") && grouped.contains(">training time</text>"))
        #expect(grouped.contains(">dqn on cartpole, 3 seeds</text>") && grouped.contains(">ppo on cartpole, seed 1</text>"))
        #expect(grouped.components(separatedBy: "fill-opacity=\"0.2\"").count - 1 == 1)  // one band: the group's
        #expect(grouped.components(separatedBy: "stroke-dasharray").count - 1 == 2)  // two evaluation lines
        #expect(grouped.components(separatedBy: "<rect x=").count - 1 == 2 + 1 + 2)  // squares, then legend swatches
        let separate = Comparison(runs: seeds, window: 2).svg()
        #expect(separate.contains(">environment steps</text>") && separate.contains(">dqn-s2</text>"))
        #expect(separate.components(separatedBy: "fill-opacity").count == 1)
    }

    @Test func foldersThatAreNotTrainingRunsAreRefusedInOneLine() throws {
        let empty = parent + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try "[run]\nagent = \"dqn\"\nenvironment = \"cartpole\"\nsteps = 10\nseed = 1\n[agent]\n[env]\n"
            .write(toFile: empty + "/config.toml", atomically: true, encoding: .utf8)
        for path in [parent + "/missing", empty] {
            do {
                _ = try ComparedRun(folder: path)
                Issue.record("\(path) was read")
            } catch {
                #expect(!"\(error)".contains("\n") && "\(error)".contains(path), "\(error)")
            }
        }
        try "[model]\nname = \"mlp\"\n[dataset]\nname = \"x\"\n".write(toFile: empty + "/config.toml", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ComparedRun(folder: empty) }
    }
}

@Suite struct RoundTicksTests {
    @Test func ticksAreRoundAndCoverTheRange() {
        let cases: [(ClosedRange<Double>, [Double])] = [
            (0...50_000, [0, 10_000, 20_000, 30_000, 40_000, 50_000]),
            (1.7...500, [0, 100, 200, 300, 400, 500]),
            (-21...(-13.5), [-22, -20, -18, -16, -14, -12]),
            (0...1.9, [0, 0.5, 1, 1.5, 2]),
            (3...4, [3, 3.2, 3.4, 3.6, 3.8, 4]),
        ]
        for (range, expected) in cases {
            let (covered, ticks) = SVGPlot.roundTicks(range)
            #expect(ticks.count == expected.count && zip(ticks, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(range): \(ticks)")
            #expect(covered.lowerBound <= range.lowerBound && covered.upperBound >= range.upperBound)
        }
    }
}
