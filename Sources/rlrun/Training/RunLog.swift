import Agents
import Foundation
import Gym
import Runs
import Synchronization

/// The training log of a run on disk: each episode and metrics report goes to progress.csv,
/// the TensorBoard event file and the progress display; the curve is redrawn and
/// `latest.safetensors` saved every so often. With an evaluation (`PeriodicEvaluation`), the policy is evaluated greedily every so
/// many steps, as Stable-Baselines3's EvalCallback does: `best.safetensors` is the best
/// evaluation so far, and reaching `stopAt` ends training. Without one, `best.safetensors`
/// follows the training episodes' mean over the last 100. Agents may report from several
/// threads (A3C's learners): everything goes through one lock.
final class RunLog: TrainingLog, @unchecked Sendable {
    /// Saves the agent's checkpoint to a path; called with the lock held, between the agent's
    /// updates (the agent is consistent whenever it reports).
    typealias SaveCheckpoint = (_ path: String) throws -> Void

    private struct State {
        var display: ProgressDisplay
        var points: [(step: Int, episodeReturn: Double)] = []
        var evaluations: [(step: Int, meanReturn: Double)] = []
        var episodes = 0
        var lastMetrics: [String: Double] = [:]
        var lastStep = 0
        var bestMean = -Double.infinity
        var lastCurve = Date()
        var lastCheckpoint = Date()
        /// Where the last steps/s figure of the event file was measured from.
        var rateFrom: (step: Int, time: Date)
        var nextEvaluation = 0
        var stopRequested = false
        /// The first write that failed (a full disk): training stops on it, and `finish`
        /// throws it once it has tried the last save.
        var failure: (any Error)?
    }

    /// A greedy evaluation run every `interval` environment steps; `evaluate` returns the mean
    /// return of its episodes.
    struct PeriodicEvaluation {
        let interval: Int
        let stopAt: Double?
        let evaluate: () throws -> Double
    }

    private let state: Mutex<State>
    private let folder: RunFolder
    private let csv: ProgressCSV
    private let events: EventFile
    private let title: String
    /// When training began, as the `seconds` column counts: a resumed run goes on from its history's time.
    private let started: Date
    private let secondsBetweenSaves: Double
    private let save: SaveCheckpoint
    private let evaluation: PeriodicEvaluation?
    /// Set by Ctrl-C (SIGINT) or SIGTERM (`Interruption`): the agent stops at its next check and the run saves its state.
    nonisolated(unsafe) static var interrupted = false

    init(folder: RunFolder, csv: ProgressCSV, events: EventFile, title: String, totalSteps: Int, firstStep: Int,
         history: ProgressHistory = ProgressHistory(), secondsBetweenSaves: Double = 60,
         evaluation: PeriodicEvaluation? = nil, save: @escaping SaveCheckpoint) {
        (self.folder, self.csv, self.events, self.title, self.secondsBetweenSaves, self.save) = (folder, csv, events, title, secondsBetweenSaves, save)
        self.evaluation = evaluation
        started = Date(timeIntervalSinceNow: -history.seconds)
        var initial = State(display: ProgressDisplay(totalSteps: totalSteps, firstStep: firstStep), rateFrom: (firstStep, Date()))
        initial.points = history.episodes
        initial.evaluations = history.evaluations
        initial.episodes = history.episodes.count
        // A resumed run keeps the best it had: best.safetensors is replaced only by a better one.
        initial.bestMean = (evaluation == nil ? Self.bestRecentMean(history.episodes) : history.bestEvaluation) ?? -.infinity
        initial.nextEvaluation = firstStep + (evaluation?.interval ?? 0)
        state = Mutex(initial)
    }

    var shouldStop: Bool { RunLog.interrupted || state.withLock { $0.stopRequested || $0.failure != nil } }

    /// Whether training ended because an evaluation reached `stopAt`.
    var reachedTarget: Bool { state.withLock { $0.stopRequested } }

    func episodeEnded(_ episode: EpisodeStatistics, atStep step: Int) {
        let seconds = Date().timeIntervalSince(started)
        state.withLock { state in
            state.episodes += 1
            state.lastStep = step
            state.points.append((step, episode.episodeReturn))
            csv.episode(step: step, seconds: seconds, index: state.episodes, episodeReturn: episode.episodeReturn, length: episode.length)
            // CleanRL's names for a finished game's score and length.
            events.write(step: step, scalars: [("charts/episodic_return", episode.episodeReturn),
                                               ("charts/episodic_length", Double(episode.length))])
            let mean = Self.recentMean(state.points)
            show(&state, step: step, meanReturn: mean)
            // Without evaluations, the best model is the best training mean over 100 episodes,
            // once there are enough of them to mean something.
            if evaluation == nil, state.points.count >= Self.episodesBeforeBest, let mean, mean > state.bestMean {
                state.bestMean = mean
                save(folder.bestCheckpointPath, &state)
            }
            evaluateIfDue(&state, step: step, seconds: seconds)
            saveIfDue(&state)
        }
    }

    func record(_ metrics: [String: Double], atStep step: Int) {
        let seconds = Date().timeIntervalSince(started)
        state.withLock { state in
            state.lastMetrics = metrics
            state.lastStep = step
            csv.metrics(step: step, seconds: seconds, values: metrics)
            events.write(step: step, scalars: metrics.sorted { $0.key < $1.key }.map { ("train/" + $0.key, $0.value) })
            writeRateIfDue(&state, step: step)
            show(&state, step: step, meanReturn: Self.recentMean(state.points))
            evaluateIfDue(&state, step: step, seconds: seconds)
            saveIfDue(&state)
        }
    }

    /// At the end of training (or an interruption): the last checkpoint, curve and line. After
    /// a failed write, throws that first failure (the checkpoint is still tried: the disk
    /// may have room again).
    func finish() throws {
        try state.withLock { state in
            show(&state, step: state.lastStep, meanReturn: Self.recentMean(state.points), force: true)
            state.display.finish()
            save(folder.latestCheckpointPath, &state)
            if let failure = state.failure { throw failure }
            try LearningCurve.write(title: title, points: state.points, evaluations: state.evaluations, to: folder.curvePath)
        }
    }

    /// Evaluates the policy before any training, at `step` (a run started from a cloned
    /// network): the clone's figure is the first on the curve, and best.safetensors holds the
    /// clone until training does better.
    func evaluateBeforeTraining(atStep step: Int) {
        state.withLock { state in
            let next = state.nextEvaluation
            state.nextEvaluation = step
            evaluateIfDue(&state, step: step, seconds: 0)
            state.nextEvaluation = next
        }
    }

    var episodeCount: Int { state.withLock { $0.episodes } }
    var meanOfLast100: Double? { state.withLock { Self.recentMean($0.points) } }

    private func evaluateIfDue(_ state: inout State, step: Int, seconds: Double) {
        guard let evaluation, step >= state.nextEvaluation else { return }
        state.nextEvaluation = step + evaluation.interval
        guard let mean = try? evaluation.evaluate() else { return }
        csv.metrics(step: step, seconds: seconds, values: ["eval_return": mean])
        events.write(step: step, scalars: [("eval/mean_return", mean)])
        state.evaluations.append((step, mean))
        if mean > state.bestMean {
            state.bestMean = mean
            save(folder.bestCheckpointPath, &state)
        }
        if let target = evaluation.stopAt, mean >= target { state.stopRequested = true }
    }

    private func saveIfDue(_ state: inout State) {
        if Date().timeIntervalSince(state.lastCurve) >= 10 {
            try? LearningCurve.write(title: title, points: state.points, evaluations: state.evaluations, to: folder.curvePath)
            state.lastCurve = Date()
        }
        if Date().timeIntervalSince(state.lastCheckpoint) >= secondsBetweenSaves {
            save(folder.latestCheckpointPath, &state)
            state.lastCheckpoint = Date()
        }
        if state.failure == nil, let failure = csv.failure ?? events.failure { state.failure = failure }
    }

    private func show(_ state: inout State, step: Int, meanReturn: Double?, force: Bool = false) {
        let evaluation = state.evaluations.last.map { ProgressLine.Evaluation(meanReturn: $0.meanReturn, step: $0.step) }
        state.display.show(step: step, meanReturn: meanReturn, games: state.episodes, metrics: state.lastMetrics,
                           lastEvaluation: evaluation, nextEvaluation: self.evaluation == nil ? nil : state.nextEvaluation, force: force)
    }

    /// Steps per second over the last ten seconds or more, into the event file (CleanRL's `charts/SPS`).
    private func writeRateIfDue(_ state: inout State, step: Int) {
        let now = Date(), elapsed = now.timeIntervalSince(state.rateFrom.time)
        guard elapsed >= 10 else { return }
        events.write(step: step, scalars: [("charts/SPS", Double(step - state.rateFrom.step) / elapsed)])
        state.rateFrom = (step, now)
    }

    /// Saves a checkpoint; a failure (the earlier file stays whole) is kept as the run's first
    /// failure, which stops training: a run that cannot save would lose whatever it learns.
    private func save(_ path: String, _ state: inout State) {
        do {
            try save(path)
        } catch {
            if state.failure == nil { state.failure = error }
        }
    }

    /// Training episodes before their mean can name the best model (without evaluations).
    private static let episodesBeforeBest = 20

    /// The best mean of the last 100 training episodes over `points`, counted from the
    /// `episodesBeforeBest`-th episode on, as `episodeEnded` keeps it.
    private static func bestRecentMean(_ points: [(step: Int, episodeReturn: Double)]) -> Double? {
        guard points.count >= episodesBeforeBest else { return nil }
        return (episodesBeforeBest...points.count).map { recentMean(points[..<$0]) ?? -.infinity }.max()
    }

    private static func recentMean(_ points: some Collection<(step: Int, episodeReturn: Double)>) -> Double? {
        let recent = points.suffix(100)
        return recent.isEmpty ? nil : recent.map(\.episodeReturn).reduce(0, +) / Double(recent.count)
    }
}
