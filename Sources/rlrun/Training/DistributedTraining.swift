import Agents
import ArgumentParser
import Distributed
import Foundation
import Gym
import Presets
import Runs
import Tensors

/// A training command launched by mpirun: data-parallel training (OpenAI Baselines' MPI
/// agents, DD-PPO). Rank 0 is the run as a single process would make it (configuration, run
/// folder, evaluations, checkpoints, the progress line), with its agent's gradients averaged
/// over the ranks. The other ranks get the configuration and the starting state from rank 0
/// (`RankMessages`), step their own environment copies and average their gradients with it.
///
/// Failures end the whole job: an error one rank meets alone is printed by that rank, which
/// then aborts every rank (MPI_Abort), since the others would wait for it forever; a rank
/// that dies is noticed by mpirun, which ends the job; a rank that hangs is found by the
/// others' roll call (`Liveness`) and named. The checkpoint on disk stays whole through all
/// of these: it is written atomically.
enum DistributedTraining {
    static func start(agent: String, options: TrainOptions) throws {
        guard AgentFactory.dataParallel.contains(agent) else {
            // Every rank refuses; only rank 0 says why.
            if ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] == "0" {
                throw CommandLineError("\(agent) trains in one process; run it without mpirun (\(AgentFactory.dataParallel.joined(separator: ", ")) train across processes)")
            }
            throw ExitCode.failure
        }
        guard !options.saveReplay else {
            // Each rank has a memory of its own: one file beside the checkpoint cannot hold them.
            if ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] == "0" {
                throw CommandLineError("--save-replay saves one process's replay memory; run without mpirun to use it")
            }
            throw ExitCode.failure
        }
        let world: Communicator
        do { world = try Communicator() } catch { throw CommandLineError("\(error)") }
        world.timeout = options.rankTimeout
        // Ranks on the same machine share its cores: each runs the engine on its share, as
        // OpenMP programs under mpirun do, rather than all of them on every core.
        if let local = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init), local > 1 {
            engineThreadCount = max(1, parallelCoreCount / local)
        }
        do {
            if world.rank == 0 {
                try TrainingRun.start(agent: agent, options: options, world: world)
            } else {
                try trainReplica(agent, world: world)
            }
            world.finalize()
        } catch let error as AnnouncedError {
            // Every rank knows: end together.
            world.finalize()
            throw error.underlying
        } catch is RankZeroFailed {
            world.finalize()
            throw ExitCode.failure
        } catch {
            // Say why, once for the job (errors every rank meets alike are rank 0's to print),
            // and end every rank.
            let reports = switch error {
            case let lost as MPIError: lost.isReporter
            case is ReplicasDiverged: world.rank == 0
            default: true
            }
            if reports {
                // Rank 0's progress line has no newline of its own yet.
                if world.rank == 0 { print(""); fflush(nil) }
                FileHandle.standardError.write(Data("\(world.rank == 0 ? "" : "\n")Error: \(error)\n".utf8))
            } else {
                // The reporting rank prints and aborts; this one gives it the time to.
                sleep(2)
            }
            world.abort(code: 1)
        }
    }

    /// A rank other than 0: rank 0's configuration and agent, trained on this rank's own
    /// environment copies, reporting nothing.
    private static func trainReplica(_ agent: String, world: Communicator) throws {
        let text = String(decoding: try world.receiveAnnouncement(), as: UTF8.self)
        let source = "the configuration from rank 0"
        let configuration = try RunConfiguration(document: try TOMLParser.parse(text), source: source)
        let environment = try EnvironmentPreset(configuration.environmentSettings, source: source)
        func replicate<Scalar: AgentObservation>(_ env: AnyEnvironment<Scalar>,
                                                 _ select: @escaping @Sendable (MadeEnvironment) throws -> AnyEnvironment<Scalar>) throws {
            let built = try AgentFactory.build(agent, in: env, copies: { _ in try select(environment.make()) },
                                               configuration: configuration, processGroup: world)
            let state = try Checkpoint(decoding: try world.receiveAnnouncement(), path: "the agent from rank 0")
            try built.agent.restore(tensors: state.tensors, counters: state.counters)
            let remaining = configuration.steps - (state.counters["steps"] ?? 0)
            guard remaining > 0 else { return }
            Interruption.install()
            try built.train(remaining, ReplicaLog())
        }
        let id = environment.id
        switch try environment.make() {
        case let .pixels(env): try replicate(env) { try $0.pixels(of: id) }
        case let .vector(env): try replicate(env) { try $0.vector(of: id) }
        }
    }
}

/// An error rank 0 met before training and announced to the other ranks, which end with it.
struct AnnouncedError: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String { "\(underlying)" }
}
