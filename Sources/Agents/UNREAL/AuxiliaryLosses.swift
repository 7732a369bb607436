import NN
import Tensors

// The losses of UNREAL's auxiliary tasks (Jaderberg et al. 2016, section 3), each a function
// of network outputs and replayed numbers, so that each can be checked by hand.

/// Pixel control's pseudo-reward (section 3.1): the mean absolute change of intensity between
/// two consecutive frames in each 4×4 cell of the central 80×80 pixels of an 84×84 frame,
/// row by row: 400 values. Frames are network inputs (intensities in 0...1).
public func pixelChange(from previous: UnsafePointer<Float>, to next: UnsafePointer<Float>, into cells: UnsafeMutablePointer<Float>) {
    let side = AuxiliaryHeads.cellsPerSide, margin = 2, width = 84
    cells.update(repeating: 0, count: side * side)
    for y in 0..<(4 * side) {
        let row = (y + margin) * width + margin
        for x in 0..<(4 * side) {
            cells[(y / 4) * side + x / 4] += abs(next[row + x] - previous[row + x])
        }
    }
    for c in 0..<(side * side) { cells[c] /= 16 }
}

/// Pixel control's loss on a replayed sequence (section 3.1): n-step Q-learning for every
/// cell at once, with the targets R_t = r_t + γ·R_{t+1} (r the cells' pixel change), from
/// R_T = max_a Q(s_T, a) of the same network, or 0 where the sequence ended its episode:
///
///     L_PC = mean over t of ½·Σ_cells (R_t − Q(s_t, a_t))²
///
/// `q` is [T, actions, 20, 20] for the sequence's observations, `nextQ` [1, actions, 20, 20]
/// for the one after it (nil: the episode ended); `pseudoRewards` holds T × 400 pixel changes.
public func pixelControlLoss(q: Tensor, nextQ: Tensor?, actions: [Int], pseudoRewards: [Float], discount: Float) -> Tensor {
    let t = actions.count, cells = AuxiliaryHeads.cellsPerSide * AuxiliaryHeads.cellsPerSide
    precondition(t >= 1 && q.rank == 4 && q.shape[0] == t && q.shape[2] * q.shape[3] == cells && pseudoRewards.count == t * cells,
                 "pixel control needs Q [T, actions, 20, 20] with T actions and T × 400 rewards, got \(q.shape), \(t), \(pseudoRewards.count)")
    let actionCount = q.shape[1]
    precondition(nextQ == nil || nextQ!.shape == [1] + Array(q.shape.dropFirst()), "pixel control's next Q is [1, actions, 20, 20], got \(nextQ!.shape)")
    var targets = [Float](repeating: 0, count: t * cells)
    // R_T: the greedy value of each cell in the state after the sequence.
    var following = nextQ.map { next in withoutGradients { next.reshaped([actionCount, cells]).max(alongAxis: 0) }.scalars }
        ?? [Float](repeating: 0, count: cells)
    for step in stride(from: t - 1, through: 0, by: -1) {
        for c in 0..<cells { following[c] = pseudoRewards[step * cells + c] + discount * following[c] }
        targets.replaceSubrange(step * cells..<(step + 1) * cells, with: following)
    }
    let indices = actions.flatMap { Array(repeating: $0, count: cells) }
    let taken = q.reshaped([t, actionCount, cells]).gather(alongAxis: 1, indices: indices).reshaped([t, cells])
    return 0.5 * (Tensor(shape: [t, cells], scalars: targets) - taken).squared().sum() / Float(t)
}

/// The class of a reward's sign for reward prediction (section 3.2): 0 zero, 1 positive, 2 negative.
public func rewardClass(_ reward: Float) -> Int { reward > 0 ? 1 : reward < 0 ? 2 : 0 }

/// Reward prediction's loss (section 3.2): the cross-entropy of the predicted sign of the
/// reward that followed each replayed observation, averaged over the batch.
public func rewardPredictionLoss(logits: Tensor, rewards: [Float]) -> Tensor {
    softmaxCrossEntropy(logits: logits, labels: rewards.map(rewardClass))
}

/// Value replay's loss (section 3.3): A3C's critic regression on a replayed sequence, mean
/// (R_t − V(s_t))² over its T steps, R the n-step returns from `bootstrap` = V(s_T) of the
/// same network (0 if the sequence ended its episode).
public func valueReplayLoss(values: Tensor, rewards: [Float], bootstrap: Float, discount: Float) -> Tensor {
    precondition(values.shape == [rewards.count], "value replay needs one value per reward, got \(values.shape) and \(rewards.count)")
    let returns = discountedReturns(rewards: rewards, discount: discount, bootstrapValue: bootstrap)
    return (Tensor(returns) - values).squared().mean()
}
