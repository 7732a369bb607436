import Agents
import Display
import Distributed
import Foundation
import Gym
import Presets
import Runs
import Synchronization
import Tensors

/// One training run from the command line: resolve the configuration, make the run folder
/// (or reopen it with --resume), make the environment and the agent, train with the run log,
/// save the last checkpoint. Under mpirun, rank 0 does all of that and the other ranks train
/// replicas of its agent (`DistributedTraining`).
enum TrainingRun {
    static func start(agent: String, options: TrainOptions) throws {
        guard Communicator.launchedByMPI else { return try start(agent: agent, options: options, world: nil) }
        try DistributedTraining.start(agent: agent, options: options)
    }

    /// The run alone, or as rank 0 of `world`.
    static func start(agent: String, options: TrainOptions, world: Communicator?) throws {
        let (configuration, configurationText, folder, checkpoint, clone) = try announced(world) {
            try prepare(agent: agent, options: options)
        }
        try world?.announce(Array(configurationText.utf8))
        let environment = try EnvironmentPreset(configuration.environmentSettings, source: "config [env]")
        let ranks = world.map { " on \($0.size) ranks" } ?? ""
        print("\(agent) on \(environment.id) (\(environment.observation.rawValue))\(ranks): \(configuration.steps) steps, seed \(configuration.seed), run folder \(folder.path)")
        // A3C's learners each make a copy of their own; with --render, the first copy (or the
        // only environment) is the one shown.
        let shown = options.render ? ShownEnvironment(every: options.renderEvery, framesPerSecond: options.renderFramesPerSecond) : nil
        defer { shown?.window?.close() }
        // Evaluations play whole games in an environment like training's (`evaluate`'s livesEndEpisodes).
        let interval = options.evaluationInterval ?? max(configuration.steps / 20, 1)
        let evaluation = interval > 0 ? EvaluationSettings(interval: interval, episodes: options.evaluationEpisodes, stopAt: options.stopAt,
                                                           livesEndEpisodes: environment.terminalOnLifeLoss) : nil
        // The same launch for pixels and state vectors; `select` picks the kind from a made environment.
        func launch<Scalar: AgentObservation>(_ env: AnyEnvironment<Scalar>,
                                              _ select: @escaping @Sendable (MadeEnvironment) throws -> AnyEnvironment<Scalar>) throws {
            let env = try shown?.wrap(env) ?? env
            try train(agent, in: env, copies: { i in
                let showsThis = i == 0 && shown != nil
                let copy = try select(environment.make(renderMode: showsThis ? .rgbArray : .none))
                return showsThis ? try shown!.wrap(copy) : copy
            }, evaluationEnvironment: { try select(environment.make()) }, evaluation: evaluation,
            configuration: configuration, text: configurationText, folder: folder, checkpoint: checkpoint, clone: clone,
            secondsBetweenSaves: options.secondsBetweenSaves, saveReplay: options.saveReplay, world: world)
        }
        let id = environment.id
        switch try announced(world, { try environment.make(renderMode: shown == nil ? .none : .rgbArray) }) {
        case let .pixels(env): try launch(env) { try $0.pixels(of: id) }
        case let .vector(env): try launch(env) { try $0.vector(of: id) }
        }
    }

    /// `body`'s result; alone, or as rank 0 of `world`, where a failure is first announced to
    /// the other ranks waiting for rank 0's next announcement (`announcingFailure`).
    static func announced<T>(_ world: Communicator?, _ body: () throws -> T) throws -> T {
        guard let world else { return try body() }
        do {
            return try world.announcingFailure(body)
        } catch let error as AnnouncedError {
            throw error
        } catch {
            throw AnnouncedError(underlying: error)
        }
    }

    /// The run's resolved configuration, its folder (made, or reopened with --resume, with
    /// config.toml written), the checkpoint it resumes from and the network it starts from.
    private static func prepare(agent: String, options: TrainOptions) throws
        -> (RunConfiguration, String, RunFolder, Checkpoint?, [String: Tensor]?) {
        // Refused before anything is written: no window, no run folder either.
        if options.render { try Window.checkDisplay() }
        if options.saveReplay && agent != "dqn" { throw CommandLineError("--save-replay: only dqn keeps a replay memory") }
        if options.initialization != nil && !AgentFactory.cloneable.contains(agent) {
            throw CommandLineError("--init: \(agent) cannot start from a cloned network; \(AgentFactory.cloneableList) can")
        }
        let folder: RunFolder
        let configuration: RunConfiguration
        var checkpoint: Checkpoint?
        var clone: [String: Tensor]?
        if let resume = options.resume {
            folder = try RunFolder.existing(at: resume)
            // Held until the process ends; refuses a run still training elsewhere, or a folder it cannot write.
            try folder.claim()
            folder.removeUnfinishedWrites()
            let text = try folder.readConfiguration()
            configuration = try RunConfiguration(document: try TOMLParser.parse(text), source: folder.configPath)
            guard configuration.agent == agent else {
                throw CommandLineError("\(resume) is a \(configuration.agent) run; continue it with rlrun \(configuration.agent) --resume \(resume)")
            }
            if FileManager.default.fileExists(atPath: folder.latestCheckpointPath) {
                let restored = try Checkpoint.read(from: folder.latestCheckpointPath)
                try restored.check(agent: agent, environment: configuration.environment, path: folder.latestCheckpointPath)
                checkpoint = restored
            } else {
                // Stopped before its first save: nothing to continue from, so it starts again.
                print("\(resume): no checkpoint was saved yet; training from the start")
            }
        } else {
            configuration = try RunConfiguration.resolve(agent: agent, environment: options.environment!, assignments: options.assignments,
                                                         steps: options.steps, seed: options.seed)
            // Wrong types and values are refused before the run folder is made, not after.
            try AgentFactory.check(agent, configuration: configuration)
            _ = try EnvironmentPreset(configuration.environmentSettings, source: "envs/\(configuration.environment).toml").make()
            clone = try options.initialization.map { try CloneCheckpoint.read(from: $0, agent: agent, environment: configuration.environment) }
            folder = try RunFolder.create(at: options.runDirectory
                ?? RunFolder.defaultPath(agent: agent, environment: configuration.environment, startedAt: Date()))
            try folder.claim()
        }
        var resolved = configuration
        if let steps = options.steps { resolved.steps = steps }
        // Made once here so that a bad environment setting is refused before training.
        _ = try EnvironmentPreset(resolved.environmentSettings, source: "config [env]")
        let configurationText = TOMLWriter.document(resolved.document, comment: "rlrun \(agent) \(resolved.environment): the resolved configuration of this run")
        try folder.writeConfiguration(configurationText)
        return (resolved, configurationText, folder, checkpoint, clone)
    }

    struct EvaluationSettings {
        let interval: Int
        let episodes: Int
        let stopAt: Double?
        let livesEndEpisodes: Bool
    }

    private static func train<E: Environment>(_ agentName: String, in env: E, copies: @escaping @Sendable (Int) throws -> E,
                                              evaluationEnvironment: () throws -> E, evaluation settings: EvaluationSettings?,
                                              configuration: RunConfiguration, text: String, folder: RunFolder,
                                              checkpoint: Checkpoint?, clone: [String: Tensor]?, secondsBetweenSaves: Double,
                                              saveReplay: Bool, world: Communicator?) throws where E.Scalar: AgentObservation {
        let (built, evaluation) = try announced(world) {
            let built = try AgentFactory.build(agentName, in: env, copies: copies, configuration: configuration, processGroup: world)
            if let clone {
                guard let agent = built.agent as? any PolicyCloning else {
                    throw CommandLineError("--init: \(agentName) cannot start from a cloned network; \(AgentFactory.cloneableList) can")
                }
                do { try agent.start(fromClone: clone) } catch { throw CommandLineError("--init: \(error)") }
            }
            if let checkpoint {
                do {
                    try built.agent.restore(tensors: checkpoint.tensors, counters: checkpoint.counters)
                } catch {
                    throw CommandLineError("\(folder.latestCheckpointPath): \(error)")
                }
            }
            if world == nil, checkpoint != nil, let dqn = built.agent as? DQNAgent, FileManager.default.fileExists(atPath: folder.replayPath) {
                // A memory from another moment (a kill between its save and the checkpoint's)
                // is refused by its step: the run then refills an empty one, as without it.
                do {
                    try dqn.restoreReplayMemory(from: folder.replayPath, of: E.Scalar.self)
                    print("restored the replay memory of step \(dqn.steps) from \(folder.replayPath)")
                } catch {
                    FileHandle.standardError.write(Data("warning: \(error); resuming with an empty replay memory\n".utf8))
                }
            }
            return (built, try settings.map { periodicEvaluation($0, of: built.agent, in: try evaluationEnvironment(), world: world) })
        }
        // The other ranks start from the state of this one: fresh, cloned or restored.
        try world?.announce(try agentState(built.agent, configuration: configuration, text: text).encoded())
        // The evaluation's column is there even when it is off, so a resumed run can turn it on.
        // A resumed run that has a replay memory keeps saving it.
        let replaySaved = world == nil && (saveReplay || (checkpoint != nil && FileManager.default.fileExists(atPath: folder.replayPath)))
        try run(built.agent, metricNames: built.metricNames + ["eval_return"], configuration: configuration, text: text,
                folder: folder, resuming: checkpoint != nil, secondsBetweenSaves: secondsBetweenSaves,
                replayMemory: replaySaved ? built.agent as? DQNAgent : nil, evaluation: evaluation,
                evaluatesFirst: clone != nil, train: built.train)
    }

    /// The agent's state as a checkpoint of this run.
    static func agentState(_ agent: some Checkpointable, configuration: RunConfiguration, text: String) -> Checkpoint {
        Checkpoint(agent: configuration.agent, environment: configuration.environment, counters: agent.checkpointCounters,
                   configuration: text, tensors: agent.checkpointTensors())
    }

    /// Greedy evaluations of `policy` in `env`. In a job of several ranks, rank 0 evaluates
    /// while the others wait for it; it answers their roll calls between steps, so that a
    /// long evaluation is not taken for a hung rank.
    private static func periodicEvaluation<E: Environment>(_ settings: EvaluationSettings, of policy: some Policy, in env: E,
                                                           world: Communicator?) -> RunLog.PeriodicEvaluation where E.Scalar: AgentObservation {
        var round: UInt64 = 0
        var stepsPlayed = 0
        return RunLog.PeriodicEvaluation(interval: settings.interval, stopAt: settings.stopAt) {
            // Seeds apart from training's, new ones each round.
            round += 1
            return try Agents.evaluate(policy, in: env, episodes: settings.episodes, seed: 1_000_000 * round,
                                       livesEndEpisodes: settings.livesEndEpisodes, onStep: { _ in
                stepsPlayed += 1
                if stepsPlayed % 256 == 0 { try? world?.answerRollCalls() }
            }).returnMean
        }
    }

    /// Trains the (restored) agent for the steps the run has left, and saves its last state,
    /// also when interrupted with Ctrl-C.
    private static func run(_ agent: some Checkpointable, metricNames: [String], configuration: RunConfiguration,
                            text: String, folder: RunFolder, resuming: Bool, secondsBetweenSaves: Double,
                            replayMemory: DQNAgent? = nil, evaluation: RunLog.PeriodicEvaluation?, evaluatesFirst: Bool,
                            train: (Int, any TrainingLog) throws -> Void) throws {
        let done = resuming ? agent.checkpointCounters["steps"] ?? 0 : 0
        let remaining = configuration.steps - done
        guard remaining > 0 else {
            print("the run already has its \(configuration.steps) steps; give --steps N with a larger total to train on")
            return
        }
        // Cuts the rows written after the checkpoint (the steps trained again now) before reading them back.
        let csv = try ProgressCSV(path: folder.progressPath, metricNames: metricNames, resumingAfterStep: resuming ? done : nil)
        let earlier = resuming ? ProgressHistory(contentsOf: folder.progressPath) : ProgressHistory()
        let events = try EventFile(folder: folder.path, resumingAfterStep: resuming ? done : nil)
        let save: RunLog.SaveCheckpoint = { path in
            // The memory first: a kill between the two leaves a memory newer than the
            // checkpoint, which a resumed run recognises by its step and leaves unused.
            if path == folder.latestCheckpointPath, let replayMemory { try replayMemory.saveReplayMemory(to: folder.replayPath) }
            try agentState(agent, configuration: configuration, text: text).write(to: path)
        }
        let log = RunLog(folder: folder, csv: csv, events: events, title: configuration.curveTitle,
                         totalSteps: configuration.steps, firstStep: done, history: earlier,
                         secondsBetweenSaves: secondsBetweenSaves, evaluation: evaluation, save: save)
        Interruption.install()
        if evaluatesFirst { log.evaluateBeforeTraining(atStep: done) }
        let started = Date()
        try train(remaining, log)
        try log.finish()
        let seconds = Date().timeIntervalSince(started)
        let mean = log.meanOfLast100.map { String(format: "%.2f", $0) } ?? "none"
        let ending = RunLog.interrupted ? "interrupted" : log.reachedTarget ? "reached --stop-at" : "done"
        print(String(format: "%@ after %.1f s: mean return of the last 100 episodes %@; checkpoints and curve in %@",
                     ending, seconds, mean, folder.path))
    }
}

/// The window of `--render`, opened when the first environment to show it is known (its
/// frame size comes from a first picture).
final class ShownEnvironment: @unchecked Sendable {
    let interval: Int
    /// The pace of the shown episodes; nil: the game's own.
    let framesPerSecond: Int?
    private(set) var window: Window?

    init(every interval: Int, framesPerSecond: Int?) { (self.interval, self.framesPerSecond) = (interval, framesPerSecond) }

    /// `env` showing every `interval`-th episode in the window, at `framesPerSecond`.
    func wrap<Scalar>(_ env: AnyEnvironment<Scalar>) throws -> AnyEnvironment<Scalar> {
        if window == nil {
            try env.reset(seed: 0)
            guard let frame = env.render() else { throw CommandLineError("\(env.id) cannot draw itself, so --render cannot show it") }
            window = try Window(title: "rlrun training \(env.id)", width: frame.width, height: frame.height)
        }
        return AnyEnvironment(ShowEpisodes(env, viewer: window!, interval: interval, framesPerSecond: framesPerSecond))
    }
}

extension MadeEnvironment {
    func pixels(of id: String) throws -> AnyEnvironment<UInt8> {
        guard case let .pixels(env) = self else { throw CommandLineError("\(id): expected pixel observations") }
        return env
    }

    func vector(of id: String) throws -> AnyEnvironment<Float> {
        guard case let .vector(env) = self else { throw CommandLineError("\(id): expected vector observations") }
        return env
    }
}

/// Ctrl-C (SIGINT) or SIGTERM (kill, a job scheduler, `timeout`) asks the agent to stop at its
/// next check; the run then saves its checkpoint. A second signal ends the process at once
/// (the last checkpoint on disk stays whole: writes are atomic), unless it comes within a
/// second of the first: `timeout` sends its signal both to the command and to the command's
/// process group, so it arrives twice, and with A3C's threads possibly on two threads at once.
enum Interruption {
    /// When the first signal came, in nanoseconds of the monotonic clock; 0 before it. One
    /// atomic, so that a signal handled on another thread sees the first one whole.
    private static let firstSignalAt = Atomic<Int64>(0)

    static func install() {
        // A parent may have started rlrun with these blocked (the mask is inherited, and some
        // test runners and job launchers block them): handled, they must also arrive.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in [SIGINT, SIGTERM, SIGUSR1] { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        for number in [SIGINT, SIGTERM, SIGUSR1] {
            signal(number) { received in
                // Only async-signal-safe calls here: clock_gettime, lock-free atomics and _exit are.
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let nanoseconds = max(1, Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
                let (isFirst, first) = Interruption.firstSignalAt.compareExchange(
                    expected: 0, desired: nanoseconds, ordering: .sequentiallyConsistent)
                if isFirst {
                    RunLog.interrupted = true
                } else if nanoseconds - first > 1_000_000_000 {
                    _exit(128 + received)  // the shell's code for death by that signal
                }
            }
        }
    }
}
