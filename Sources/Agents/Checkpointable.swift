import NN
import Tensors

/// An agent whose whole training state can be saved and restored: its networks, its
/// optimizer's statistics and its counters. The command line writes these into
/// `latest.safetensors`/`best.safetensors` (the counters and the configuration go in the
/// metadata) and `--resume` hands them back.
public protocol Checkpointable: AnyObject {
    /// Every tensor to save, by a stable name ("online.0.weight", "optimizer.m.online.0.weight").
    func checkpointTensors() -> [String: Tensor]
    /// Counters to save (environment steps, updates, episodes), by name.
    var checkpointCounters: [String: Int] { get }
    /// Puts back what `checkpointTensors` and `checkpointCounters` gave. Throws, changing
    /// nothing, when a name is missing or a shape differs (a checkpoint of another network).
    func restore(tensors: [String: Tensor], counters: [String: Int]) throws
}
