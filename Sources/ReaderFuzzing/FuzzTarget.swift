import Agents
import Datasets
import Games
import Gym
import Images
import NN
import Presets
import Runs

/// The readers of outside bytes, one fuzz target each: the files users pass around
/// (checkpoints, replays, presets, datasets) and what a resumed run reads back. libFuzzer
/// drives them through `Fuzz/` (`make fuzz`); `make test` replays their committed corpora and
/// every input that once broke one (`Fuzz/Corpus`, `Fuzz/Regressions`).
///
/// The contract each keeps, for any bytes: a value, or an error whose message is one line;
/// never a trap, a hang or an allocation the input's size does not justify (libFuzzer's
/// -timeout and -malloc_limit_mb catch those two).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A safetensors file (header JSON and data), then the checkpoint it may hold.
    case safetensors
    /// An episode's .replay file.
    case replay
    /// A TOML preset: parsed, then written back and parsed again to the same table.
    case toml
    /// One `--set key=value`.
    case assignment
    /// An IDX dataset file, gzip-compressed or not.
    case idx
    /// A gzip stream.
    case gzip
    /// A CIFAR-10 binary batch.
    case cifar10
    /// A CSV table, then its first column as the label.
    case csv
    /// A text dataset: tokenized and cut into sequences.
    case text
    /// A resumed run's progress.csv.
    case progress
    /// A resumed run's config.toml: the run's configuration, its agent's hyperparameters and
    /// its environment's settings.
    case config
    /// DQN's replay memory beside a checkpoint (`--save-replay`), for CartPole's state
    /// vectors in a memory of 8, 20 steps into a run; then a training step that samples from it.
    case replaymemory
    /// A PNG or JPEG picture (`rlrun style`'s inputs); a picture read is written as a PNG and
    /// must read back the same.
    case image
    /// A run's TensorBoard event file: its events, and what a resume at step 1000 keeps of it.
    case events

    /// What the reader made of `bytes`: a value, or its error message.
    public func read(_ bytes: [UInt8]) -> Result<Void, FuzzError> {
        do {
            try readOrThrow(bytes)
            return .success(())
        } catch {
            return .failure(FuzzError(message: "\(error)"))
        }
    }

    /// Reads `bytes` and traps unless the contract holds: the fuzzer reports a trap as a crash.
    public func check(_ bytes: [UInt8]) {
        if case let .failure(error) = read(bytes) {
            precondition(!error.message.isEmpty, "\(self): an empty error message")
            precondition(!error.message.contains(where: \.isNewline), "\(self): an error of more than one line: \(error.message)")
        }
    }

    private func readOrThrow(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .safetensors:
            let file = try SafetensorsFile(decoding: bytes, path: "input.safetensors")
            if file.metadata["format"] != nil { _ = try Checkpoint(decoding: bytes, path: "input.safetensors") }
        case .replay:
            _ = try EpisodeReplay(decoding: bytes, path: "input.replay")
        case .toml:
            let table = try TOMLParser.parse(text)
            let again = try TOMLParser.parse(TOMLWriter.document(table))
            precondition(again == table, "TOMLWriter's document of a parsed table parses to another table")
        case .assignment:
            _ = try PresetMerging.parseAssignment(text)
        case .idx:
            _ = try IDXFile(bytes: bytes, name: "input.idx")
        case .gzip:
            _ = try Gzip.decompress(bytes, name: "input.gz")
        case .cifar10:
            _ = try CIFAR10.decodeBatch(bytes, name: "input.bin")
        case .csv:
            let table = try CSVTable(text: text, name: "input.csv")
            if let label = table.columns.first { _ = try table.labelled(by: label) }
        case .text:
            let tokens = try TokenizedText(text: text)
            if tokens.tokens.count > 4 { _ = tokens.labelledSequences(length: 4) }
        case .progress:
            let history = ProgressHistory(text: text)
            _ = history.firstCrossing(of: 0, window: 2)
        case .config:
            let configuration = try RunConfiguration(document: try TOMLParser.parse(text), source: "config.toml")
            try AgentFactory.check(configuration.agent, configuration: configuration)
            _ = try EnvironmentPreset(configuration.environmentSettings, source: "config.toml [env]")
        case .replaymemory:
            let agent = try DQNAgent(observationShape: [4], actionCount: 2, hyperparameters: Self.smallDQN)
            // A run 20 steps in, as the memory's header must say.
            try agent.restore(tensors: agent.checkpointTensors(), counters: ["steps": 20, "updates": 0, "episodes": 0])
            try agent.restoreReplayMemory(decoding: bytes, name: "latest.replay", of: Float.self)
            try agent.train(in: TimeLimit(CartPole(), maxEpisodeSteps: 500), steps: 1, log: TrainingHistory())
        case .image:
            let picture = try ImageFile.decode(bytes, name: "input.image")
            let again = try ImageFile.decode(try ImageFile.png(picture), name: "again.png")
            precondition(again == picture, "a PNG written from a picture reads back as another")
        case .events:
            let kept = EventFile.records(of: bytes, throughStep: 1000)
            precondition((try? EventFile.events(decoding: kept, path: "kept")) != nil, "the records a resume keeps do not read back")
            _ = try EventFile.events(decoding: bytes, path: "input")
        }
    }

    /// A DQN that learns at every step from a memory of 8 transitions.
    static let smallDQN = DQNHyperparameters(
        learningRate: 1e-3, optimizer: .adam(epsilon: 1e-8), discount: 0.99, batchSize: 4, replayCapacity: 8,
        learningStarts: 1, trainFrequency: 1, gradientSteps: 1, targetUpdateInterval: 2, tau: 1,
        epsilonStart: 1, epsilonEnd: 0.05, explorationFraction: 0.5, totalSteps: 100, evaluationEpsilon: 0,
        huberDelta: 1, maxGradientNorm: 10, doubleDQN: false, hiddenSizes: [8], metricsInterval: 10, seed: 1)
}

/// A reader's error, as its message.
public struct FuzzError: Error {
    public let message: String
}
