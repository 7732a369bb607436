/// UNREAL's auxiliary tasks and their weights (Jaderberg et al. 2016, "Reinforcement Learning
/// with Unsupervised Auxiliary Tasks"): what A3C becomes UNREAL with. The defaults live in
/// agents/unreal.toml.
///
/// Each learner keeps a small replay memory of its recent steps. After each rollout it adds,
/// to the A3C loss, losses on replayed experience that shape the shared trunk's features:
/// - pixel control: Q-learning of how to change the pixels of each cell of the screen;
/// - reward prediction: whether the next reward is positive, negative or zero, from a replay
///   skewed so that rewarding steps make half the samples;
/// - value replay: A3C's value loss again, on replayed sequences.
public struct AuxiliaryTasks: Sendable, Equatable {
    /// Steps each learner's replay memory keeps (the paper: 2,000); the auxiliary losses start
    /// once it is full.
    public var replayCapacity: Int
    /// Transitions in the replayed sequence that pixel control and value replay share (the
    /// paper: 20, its rollout length).
    public var sequenceLength: Int
    /// λ_PC, the weight of the pixel-control loss (the paper searched 0.01–0.1); 0 turns it
    /// off. Only frames [C, 84, 84] have pixels to control.
    public var pixelControlWeight: Float
    /// γ of the pixel-control Q-learning (the paper: 0.9).
    public var pixelControlDiscount: Float
    /// λ_RP, the weight of the reward-prediction loss (the paper: 1); 0 turns it off.
    public var rewardPredictionWeight: Float
    /// Replayed observations per reward-prediction update.
    public var rewardPredictionBatch: Int
    /// λ_VR, the weight of the value-replay loss (the paper: 1); 0 turns it off.
    public var valueReplayWeight: Float

    public init(replayCapacity: Int, sequenceLength: Int, pixelControlWeight: Float, pixelControlDiscount: Float,
                rewardPredictionWeight: Float, rewardPredictionBatch: Int, valueReplayWeight: Float) {
        (self.replayCapacity, self.sequenceLength) = (replayCapacity, sequenceLength)
        (self.pixelControlWeight, self.pixelControlDiscount) = (pixelControlWeight, pixelControlDiscount)
        (self.rewardPredictionWeight, self.rewardPredictionBatch) = (rewardPredictionWeight, rewardPredictionBatch)
        self.valueReplayWeight = valueReplayWeight
    }

    /// Throws, naming the field, for values no run can use.
    public func validate() throws(InvalidHyperparameter) {
        func require(_ condition: Bool, _ field: String, _ rule: String) throws(InvalidHyperparameter) {
            if !condition { throw InvalidHyperparameter(field: field, rule: rule) }
        }
        try require(sequenceLength >= 1, "auxiliary_sequence_length", "must be at least 1")
        try require(replayCapacity > sequenceLength, "auxiliary_replay_capacity", "must be more than auxiliary_sequence_length (\(sequenceLength))")
        try require(pixelControlWeight >= 0 && pixelControlWeight.isFinite, "pixel_control_weight", "must be 0 (off) or a positive number")
        try require(pixelControlDiscount >= 0 && pixelControlDiscount <= 1, "pixel_control_discount", "must be in 0...1")
        try require(rewardPredictionWeight >= 0 && rewardPredictionWeight.isFinite, "reward_prediction_weight", "must be 0 (off) or a positive number")
        try require(rewardPredictionBatch >= 1, "reward_prediction_batch", "must be at least 1")
        try require(valueReplayWeight >= 0 && valueReplayWeight.isFinite, "value_replay_weight", "must be 0 (off) or a positive number")
    }
}
