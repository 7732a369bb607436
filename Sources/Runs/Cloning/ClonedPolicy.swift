import Agents
import NN
import Tensors

/// An agent's policy as a `Layer` for `fit`: its logits, its cloned parameters.
public final class ClonedPolicy: Layer {
    public let agent: any PolicyCloning
    public init(_ agent: any PolicyCloning) { self.agent = agent }
    public func callAsFunction(_ input: Tensor) -> Tensor { agent.policyLogits(input) }
    public var namedParameters: [(name: String, parameter: Parameter)] { agent.clonedParameters }
}

/// The metadata of a cloned network's checkpoint (best.safetensors of `rlrun clone`), which
/// `rlrun a3c|dqn --init` checks before it starts from the network.
public enum CloneCheckpoint {
    public static let format = "rlrun-clone"

    public static func metadata(agent: String, environment: String, configuration: String) -> [String: String] {
        ["format": format, "agent": agent, "environment": environment, "config": configuration]
    }

    /// The cloned parameters saved at `path`, refused unless it is a clone for `agent` on `environment`.
    public static func read(from path: String, agent: String, environment: String) throws -> [String: Tensor] {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(contentsOf: path) } catch { throw CheckpointError("\(error)") }
        guard file.metadata["format"] == format else {
            throw CheckpointError("\(path): not a cloned network; give best.safetensors of an rlrun clone run (to continue a training run, use --resume)")
        }
        guard file.metadata["agent"] == agent, file.metadata["environment"] == environment else {
            throw CheckpointError("\(path): cloned for \(file.metadata["agent"] ?? "?") on \(file.metadata["environment"] ?? "?"), not \(agent) on \(environment); clone again with --agent \(agent)")
        }
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in file.tensors where name != CheckpointFormat.versionKey { tensors[name] = tensor }
        return tensors
    }
}
