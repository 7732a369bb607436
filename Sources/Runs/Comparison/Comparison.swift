import Foundation
import NN

/// `rlrun compare`: several runs' learning curves in one chart, and a table of what each
/// reached. Runs may be grouped by configuration, so that the seeds of one configuration
/// become one mean curve with a band.
public struct Comparison {
    public let runs: [ComparedRun]
    public let axis: ComparisonAxis
    /// Games in each point of a smoothed curve.
    public let window: Int
    public let groupsSeeds: Bool
    public let curves: [ComparisonCurve]

    public init(runs: [ComparedRun], axis: ComparisonAxis = .steps, window: Int = 100, groupingSeeds groupsSeeds: Bool = false) {
        (self.runs, self.axis, self.window, self.groupsSeeds) = (runs, axis, window, groupsSeeds)
        guard groupsSeeds else {
            curves = runs.map { ComparisonCurve(run: $0, label: $0.name, axis: axis, window: window) }
            return
        }
        let groups = Self.groups(runs)
        let labels = Self.labels(groups)
        curves = zip(groups, labels).map { group, label in
            group.count == 1 ? ComparisonCurve(run: group[0], label: label, axis: axis, window: window)
                : ComparisonCurve(seeds: group, label: label, axis: axis, window: window)
        }
    }

    /// Runs whose configurations differ only in the seed, in the order their first run was given.
    static func groups(_ runs: [ComparedRun]) -> [[ComparedRun]] {
        var groups: [(key: String, runs: [ComparedRun])] = []
        for run in runs {
            let key = run.configurationWithoutSeed
            if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].runs.append(run) } else { groups.append((key, [run])) }
        }
        return groups.map(\.runs)
    }

    /// "dqn on cartpole, 3 seeds"; groups of one agent and environment that differ elsewhere
    /// are told apart by the settings that differ ("learning_rate = 0.001").
    static func labels(_ groups: [[ComparedRun]]) -> [String] {
        groups.map { group in
            let first = group[0].configuration
            let seeds = group.count == 1 ? "seed \(first.seed)" : "\(group.count) seeds"
            let lines = Set(group[0].configurationWithoutSeed.split(separator: "\n"))
            let sameKind = groups.filter { $0[0].configuration.agent == first.agent && $0[0].configuration.environment == first.environment }
            let shared = sameKind.map { Set($0[0].configurationWithoutSeed.split(separator: "\n")) }.reduce(lines) { $0.intersection($1) }
            let differing = group[0].configurationWithoutSeed.split(separator: "\n")
                .filter { !shared.contains($0) && $0.contains("=") && !$0.hasPrefix("#") }
            return ["\(first.agent) on \(first.environment)", seeds].joined(separator: ", ")
                + (differing.isEmpty ? "" : " (" + differing.joined(separator: ", ") + ")")
        }
    }

    // MARK: The table

    /// `--csv`: a row per run (game score over the last `window` games, last and best
    /// evaluation); grouped, a row per configuration with the mean and standard deviation of
    /// those over its seeds.
    public var csv: String {
        func cell(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4f", value)
        }
        if groupsSeeds {
            var rows = ["configuration,runs,seeds,steps,seconds,score_mean,score_std,final_eval_mean,final_eval_std,best_eval_mean,best_eval_std"]
            for curve in curves {
                let figures = curve.runs.map(figures)
                func spread(_ values: [Double?]) -> [String] {
                    let known = values.compactMap { $0 }
                    guard known.count == values.count else { return ["", ""] }
                    let (mean, deviation) = ComparisonCurve.meanAndStandardDeviation(known)
                    return [cell(mean), cell(deviation)]
                }
                let steps = ComparisonCurve.meanAndStandardDeviation(curve.runs.map { Double($0.history.lastStep) }).mean
                let seconds = ComparisonCurve.meanAndStandardDeviation(curve.runs.map(\.history.seconds)).mean
                rows.append(([Self.csvQuoted(curve.label), String(curve.runs.count), curve.runs.map { String($0.configuration.seed) }.joined(separator: " "),
                              cell(steps), cell(seconds)] + spread(figures.map(\.score)) + spread(figures.map(\.finalEvaluation))
                             + spread(figures.map(\.bestEvaluation))).joined(separator: ","))
            }
            return rows.joined(separator: "\n") + "\n"
        }
        var rows = ["run,agent,environment,seed,steps,seconds,games,score,final_eval,best_eval,best_eval_step"]
        for run in runs {
            let figures = figures(run)
            let best = run.history.evaluations.max { $0.meanReturn < $1.meanReturn }
            rows.append([Self.csvQuoted(run.name), run.configuration.agent, run.configuration.environment, String(run.configuration.seed),
                         String(run.history.lastStep), cell(run.history.seconds), String(run.history.episodes.count), cell(figures.score),
                         cell(figures.finalEvaluation), cell(figures.bestEvaluation), best.map { String($0.step) } ?? ""].joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The mean game score over the last `window` games, and the last and best evaluations.
    private func figures(_ run: ComparedRun) -> (score: Double?, finalEvaluation: Double?, bestEvaluation: Double?) {
        (run.smoothedScores(window: window).last, run.history.evaluations.last?.meanReturn, run.history.evaluations.map(\.meanReturn).max())
    }

    /// A CSV cell for text that may hold a comma or a quote (RFC 4180).
    static func csvQuoted(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
