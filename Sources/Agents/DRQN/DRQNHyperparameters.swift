/// Everything that shapes a DRQN run (Hausknecht & Stone 2015, "Deep Recurrent Q-Learning for
/// Partially Observable MDPs"): DQN's settings, which mean the same here, and the recurrent
/// ones. The defaults live in agents/drqn.toml.
///
/// Two of DQN's fields read differently: `batchSize` counts sequences (each gives
/// `sequenceLength` transitions to the loss), and `hiddenSizes` are the layers a state vector
/// goes through before the LSTM (pixels go through the Nature CNN's trunk).
public struct DRQNHyperparameters: Sendable, Equatable {
    /// The Q-learning settings: optimizer, discount, replay, ε schedule, target network.
    public var q: DQNHyperparameters
    /// Steps replayed before each sequence's trained steps only to warm the LSTM's state up,
    /// without gradients (Kapturowski et al. 2019, "Recurrent Experience Replay in Distributed
    /// Reinforcement Learning", §3); 0 starts every sequence from a zero state, the paper's
    /// "bootstrapped random updates".
    public var burnIn: Int
    /// Transitions of each sequence that enter the loss (the paper unrolled 10 steps).
    public var sequenceLength: Int
    /// Units of the LSTM (the paper: 512).
    public var lstmSize: Int

    public init(q: DQNHyperparameters, burnIn: Int, sequenceLength: Int, lstmSize: Int) {
        (self.q, self.burnIn, self.sequenceLength, self.lstmSize) = (q, burnIn, sequenceLength, lstmSize)
    }

    /// Throws for the first field that cannot work, with a one-line message naming it and the fix.
    public func validate() throws(DQNHyperparameterError) {
        do {
            try q.validate()
        } catch {
            var named = error
            named.agent = "drqn"
            throw named
        }
        func check(_ ok: Bool, _ field: String, _ problem: String) throws(DQNHyperparameterError) {
            if !ok { throw DQNHyperparameterError(field: field, problem: problem, agent: "drqn") }
        }
        try check(burnIn >= 0, "burn_in", "is \(burnIn); use 0 (no burn-in) or more steps")
        try check(sequenceLength >= 1, "sequence_length", "is \(sequenceLength); use a whole number ≥ 1 (the paper: 10)")
        try check(lstmSize >= 1, "lstm_size", "is \(lstmSize); use a whole number ≥ 1 (the paper: 512)")
        try check(q.replayCapacity > burnIn + sequenceLength + 1, "buffer_size",
                  "is \(q.replayCapacity); it must hold more than one sequence (burn_in + sequence_length + 1 = \(burnIn + sequenceLength + 1))")
    }
}
