import NN
import Synchronization
import Tensors

/// The parameters θ every A3C learner reads and updates, and the RMSProp statistics they
/// share (Mnih et al. 2016, section 4 and supplementary section 7: "Shared RMSProp", one g²
/// average for all threads, which the paper found more robust than one per thread).
///
/// Invariants, which make the `@unchecked Sendable` sound:
/// 1. While learner threads run, `network`'s parameters and `optimizer`'s state are touched
///    only inside `copyParameters(into:)` (read) and `apply(_:learningRate:)` (written), both
///    under `lock`. No learner keeps a reference to a shared parameter's storage: copies are
///    element by element into the learner's own network.
/// 2. When no learner thread runs (outside `A3CAgent.train`), the agent reads and writes
///    them directly from the one thread that owns the agent (acting, checkpoints).
/// Reading `Parameter.value` while another thread writes it would race on the copy-on-write
/// storage reference itself, not only on the numbers, which is why even reads take the lock.
final class SharedActorCritic: @unchecked Sendable {
    let network: ActorCriticNetwork
    let optimizer: RMSProp
    /// Guards invariant 1; holds the number of updates applied through it.
    private let lock = Mutex<Int>(0)

    init(network: ActorCriticNetwork, optimizer: RMSProp) {
        (self.network, self.optimizer) = (network, optimizer)
    }

    /// θ′ ← θ: a learner's synchronization at the start of its rollout (Algorithm S3).
    func copyParameters(into local: ActorCriticNetwork) {
        lock.withLock { _ in
            do { try local.copyParameters(from: network) } catch {
                preconditionFailure("a learner's network is built like the shared one: \(error)")
            }
        }
    }

    /// One shared-RMSProp step on θ with a learner's gradient (computed on its copy θ′, in
    /// the order of `network.parameters`).
    func apply(_ gradients: [Tensor?], learningRate: Float) {
        lock.withLock { applied in
            optimizer.learningRate = learningRate
            optimizer.update(network.parameters, with: gradients)
            applied += 1
        }
    }
}
