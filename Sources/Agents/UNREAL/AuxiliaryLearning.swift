import NN
import Randomness
import Tensors

/// One UNREAL learner's part beyond A3C's: its replay memory of recent steps, and, after each
/// rollout, the auxiliary losses on replayed experience, to be added to its A3C loss
/// (Jaderberg et al. 2016, section 3.4):
///
///     L = L_A3C + λ_VR·L_VR + λ_PC·L_PC + λ_RP·L_RP
///
/// Pixel control and value replay share one replayed sequence (one pass of the trunk);
/// reward prediction draws its own skewed batch.
final class AuxiliaryLearning<Scalar: AgentObservation> {
    let tasks: AuxiliaryTasks
    let replay: AuxiliaryReplay<Scalar>
    let observationShape: [Int]
    private var generator: SeededGenerator
    /// Whether pixel control runs (frames, and a network with its head).
    private let controlsPixels: Bool
    /// Scratch: the newest frame of a step's observation and of the next, and their cells.
    private var frameBefore: [Float], frameAfter: [Float], cells: [Float]

    static var frameSize: Int { 84 * 84 }

    init(tasks: AuxiliaryTasks, observationShape: [Int], controlsPixels: Bool, seed: UInt64) {
        (self.tasks, self.observationShape, self.controlsPixels) = (tasks, observationShape, controlsPixels)
        let cellCount = controlsPixels ? AuxiliaryHeads.cellsPerSide * AuxiliaryHeads.cellsPerSide : 0
        replay = AuxiliaryReplay(capacity: tasks.replayCapacity, observationSize: observationShape.reduce(1, *), pixelCells: cellCount)
        generator = SeededGenerator(seed: seed)
        frameBefore = Array(repeating: 0, count: controlsPixels ? Self.frameSize : 0)
        frameAfter = frameBefore
        cells = Array(repeating: 0, count: cellCount)
    }

    /// Keeps one step: the observation the action was taken in, and the observation the step
    /// returned (before any reset), whose newest frame's change gives pixel control's rewards.
    func record(observation: UnsafeBufferPointer<Scalar>, action: Int, reward: Float, ended: Bool,
                next: UnsafeBufferPointer<Scalar>) {
        guard controlsPixels else {
            replay.add(observation: observation, action: action, reward: reward, ended: ended, pixelChange: nil)
            return
        }
        let newest = observation.count - Self.frameSize   // the last frame of the stack
        frameBefore.withUnsafeMutableBufferPointer { Scalar.encode(UnsafeBufferPointer(rebasing: observation[newest...]), into: $0.baseAddress!) }
        frameAfter.withUnsafeMutableBufferPointer { Scalar.encode(UnsafeBufferPointer(rebasing: next[newest...]), into: $0.baseAddress!) }
        cells.withUnsafeMutableBufferPointer { cells in
            pixelChange(from: frameBefore, to: frameAfter, into: cells.baseAddress!)
        }
        cells.withUnsafeBufferPointer { cells in
            replay.add(observation: observation, action: action, reward: reward, ended: ended, pixelChange: cells)
        }
    }

    /// Replayed entries' observations as one batch [N] + shape.
    private func observations(_ entries: [Int]) -> Tensor {
        var batch = Tensor(zeros: [entries.count] + observationShape)
        let size = replay.observationSize
        batch.withUnsafeMutableBufferPointer { target in
            for (row, entry) in entries.enumerated() { replay.encodeObservation(entry, into: target.baseAddress! + row * size) }
        }
        return batch
    }

    /// The weighted sum of the auxiliary losses on `network` (the learner's copy), with each
    /// loss as a metric; nil until the replay memory is full.
    func loss(network: ActorCriticNetwork, discount: Float, valueLossCoefficient: Float) -> (loss: Tensor, metrics: [String: Double])? {
        guard replay.isFull, let heads = network.auxiliary else { return nil }
        var total = Tensor(0), metrics: [String: Double] = [:]
        if tasks.valueReplayWeight > 0 || controlsPixels {
            let (steps, next) = replay.sampleSequence(length: tasks.sequenceLength, using: &generator)
            let entries = Array(steps) + (next.map { [$0] } ?? [])
            let (features, _, values) = network.forward(observations(entries))
            let t = steps.count
            if tasks.valueReplayWeight > 0 {
                let bootstrap = next == nil ? 0 : values.detached().scalars[t]
                let loss = valueReplayLoss(values: values.slice(axis: 0, 0..<t), rewards: steps.map(replay.reward),
                                           bootstrap: bootstrap, discount: discount)
                total = total + tasks.valueReplayWeight * valueLossCoefficient * loss
                metrics["value_replay_loss"] = Double(loss.scalar)
            }
            if controlsPixels {
                let q = heads.pixelControlQ(features)
                let loss = pixelControlLoss(q: q.slice(axis: 0, 0..<t), nextQ: next == nil ? nil : q.slice(axis: 0, t..<t + 1),
                                            actions: steps.map(replay.action), pseudoRewards: steps.flatMap(replay.pixelChange),
                                            discount: tasks.pixelControlDiscount)
                total = total + tasks.pixelControlWeight * loss
                metrics["pixel_control_loss"] = Double(loss.scalar)
            }
        }
        if heads.hasRewardPrediction {
            let entries = replay.sampleSkewed(count: tasks.rewardPredictionBatch, using: &generator)
            let features = network.forward(observations(entries)).features
            let loss = rewardPredictionLoss(logits: heads.rewardLogits(features), rewards: entries.map(replay.reward))
            total = total + tasks.rewardPredictionWeight * loss
            metrics["reward_prediction_loss"] = Double(loss.scalar)
        }
        return (total, metrics)
    }
}
