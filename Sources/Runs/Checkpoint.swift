import OneLineText
import NN
import Tensors

/// A training checkpoint as `latest.safetensors` and `best.safetensors` hold it: the agent's
/// tensors (networks and optimizer state), and in the safetensors `__metadata__` the facts
/// needed to trust and resume it: the format and its version, the agent and environment it
/// was made for, the step counters and the resolved configuration (TOML text). PyTorch and
/// NumPy users can read the tensors with `safetensors` as they are.
public struct Checkpoint: Sendable {
    public static let format = "rlrun-checkpoint"
    public static let version = 1

    public var agent: String
    public var environment: String
    public var counters: [String: Int]
    /// The resolved configuration, as `config.toml` holds it.
    public var configuration: String
    public var tensors: [String: Tensor]

    public init(agent: String, environment: String, counters: [String: Int], configuration: String, tensors: [String: Tensor]) {
        (self.agent, self.environment, self.counters, self.configuration, self.tensors) = (agent, environment, counters, configuration, tensors)
    }

    /// Writes the checkpoint atomically: a crash or a kill mid-write leaves the previous file.
    public func write(to path: String) throws {
        try file.write(to: path)
    }

    /// The bytes `write(to:)` puts on disk: for sending a checkpoint to another process.
    public func encoded() throws -> [UInt8] {
        try file.encoded()
    }

    private var file: SafetensorsFile {
        var metadata = ["format": Self.format, "format_version": String(Self.version), "agent": agent,
                        "environment": environment, "config": configuration]
        for (name, value) in counters { metadata["counter." + name] = String(value) }
        let named = tensors.keys.sorted().map { (name: $0, tensor: tensors[$0]!) }
        return SafetensorsFile(tensors: named, metadata: metadata)
    }

    /// Reads a checkpoint, refusing (with a one-line error naming the file) a missing or
    /// corrupt file, a safetensors file that is not an rlrun checkpoint, or a newer version.
    public static func read(from path: String) throws(CheckpointError) -> Checkpoint {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(contentsOf: path)
        } catch {
            throw CheckpointError("\(error)")
        }
        return try Checkpoint(file, path: path)
    }

    /// A checkpoint from the bytes of its file (`encoded()`); `path` names them in errors.
    public init(decoding bytes: [UInt8], path: String) throws(CheckpointError) {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(decoding: bytes, path: path)
        } catch {
            throw CheckpointError("\(error)")
        }
        self = try Checkpoint(file, path: path)
    }

    private init(_ file: SafetensorsFile, path: String) throws(CheckpointError) {
        let metadata = file.metadata
        // The two other kinds of file rlrun writes, named so the user knows where they go.
        if metadata["format"] == FitCheckpoint.format {
            throw CheckpointError("\(path): a model saved by rlrun fit, not an agent; measure it with rlrun fit --eval-only \(path)")
        }
        if metadata["format"] == CloneCheckpoint.format {
            throw CheckpointError("\(path): a network cloned by rlrun clone; train from it with rlrun \(metadata["agent"] ?? "a3c") <env> --init \(path)")
        }
        guard metadata["format"] == Self.format else {
            throw CheckpointError("\(path): a safetensors file but not an rlrun checkpoint (no \"format\": \"\(Self.format)\" in its metadata); give latest.safetensors or best.safetensors of a run")
        }
        guard let versionText = metadata["format_version"], let version = Int(versionText), version <= Self.version else {
            throw CheckpointError("\(path): checkpoint format version \(metadata["format_version"] ?? "missing"); this rlrun reads version \(Self.version) and older")
        }
        guard let agent = metadata["agent"], let environment = metadata["environment"], let configuration = metadata["config"] else {
            throw CheckpointError("\(path): the checkpoint's metadata lacks its agent, environment or configuration; the file is damaged")
        }
        var counters: [String: Int] = [:]
        for (key, value) in metadata where key.hasPrefix("counter.") {
            guard let number = Int(value) else { throw CheckpointError("\(path): counter \(key) = '\(value)' is not a number; the file is damaged") }
            counters[String(key.dropFirst("counter.".count))] = number
        }
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in file.tensors { tensors[name] = tensor }
        self.init(agent: agent, environment: environment, counters: counters, configuration: configuration, tensors: tensors)
    }

    /// Throws unless the checkpoint was made by `agent` on `environment`.
    public func check(agent: String, environment: String, path: String) throws(CheckpointError) {
        guard self.agent == agent, self.environment == environment else {
            throw CheckpointError("\(path): made by \(self.agent) on \(self.environment), not \(agent) on \(environment)")
        }
    }
}

/// Why a checkpoint could not be used, in one line naming the file.
public struct CheckpointError: Error, Equatable, CustomStringConvertible {
    public let description: String
    /// The metadata values it quotes come from the file: kept to one line.
    public init(_ description: String) { self.description = description.escapingControlCharacters }
}
