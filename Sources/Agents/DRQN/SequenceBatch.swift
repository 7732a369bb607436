import Tensors

/// A minibatch of replayed sequences for a recurrent Q-network, refilled in place: N rows of
/// T = burnIn + length + 1 observations each. Positions 0..<burnIn warm the LSTM's state up;
/// positions burnIn..<burnIn + length hold the trained transitions, whose s′ is the position
/// after.
///
/// A row never mixes episodes: positions before the sampled episode's first observation (or
/// the replay memory's oldest) and after its last are padding (zeros, mask 0), and `resets`
/// marks the row's first real observation, where the LSTM starts from zeros as it did when
/// the episode was played.
public struct SequenceBatch {
    public let size: Int, burnIn: Int, length: Int
    /// Observations [N, T] + observation shape, encoded as network inputs.
    public var observations: Tensor
    /// 1 at each row's first real observation, else 0: [N, T].
    public var resets: Tensor
    /// a of each trained transition, row by row: N × length.
    public var actions: [Int]
    /// r: [N × length, 1].
    public var rewards: Tensor
    /// 1 where s′ is terminal: [N × length, 1].
    public var terminated: Tensor
    /// 1 where the position holds a transition of the row's episode, 0 for padding: [N × length, 1].
    public var mask: Tensor

    public init(size: Int, burnIn: Int, length: Int, observationShape: [Int]) {
        precondition(size >= 1 && burnIn >= 0 && length >= 1, "a sequence batch needs ≥ 1 row and trained step, got \(size) and \(length)")
        (self.size, self.burnIn, self.length) = (size, burnIn, length)
        let steps = burnIn + length + 1
        observations = Tensor(zeros: [size, steps] + observationShape)
        resets = Tensor(zeros: [size, steps])
        actions = Array(repeating: 0, count: size * length)
        rewards = Tensor(zeros: [size * length, 1])
        terminated = Tensor(zeros: [size * length, 1])
        mask = Tensor(zeros: [size * length, 1])
    }

    /// Observations in a row: burn-in, trained steps and the last s′.
    public var steps: Int { burnIn + length + 1 }

    /// Elements of one observation.
    public var observationSize: Int { observations.count / (size * steps) }

    /// Raw pointers to every part, for a replay memory to write.
    mutating func withUnsafeMutablePointers<R>(
        _ body: (_ observations: UnsafeMutablePointer<Float>, _ resets: UnsafeMutablePointer<Float>,
                 _ actions: UnsafeMutablePointer<Int>, _ rewards: UnsafeMutablePointer<Float>,
                 _ terminated: UnsafeMutablePointer<Float>, _ mask: UnsafeMutablePointer<Float>) -> R
    ) -> R {
        observations.withUnsafeMutableBufferPointer { s in
            resets.withUnsafeMutableBufferPointer { resets in
                actions.withUnsafeMutableBufferPointer { a in
                    rewards.withUnsafeMutableBufferPointer { r in
                        terminated.withUnsafeMutableBufferPointer { done in
                            mask.withUnsafeMutableBufferPointer { mask in
                                body(s.baseAddress!, resets.baseAddress!, a.baseAddress!, r.baseAddress!, done.baseAddress!, mask.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
