import NN
import Randomness
import Tensors

/// DRQN's Q-network (Hausknecht & Stone 2015, §4): each observation through a torso, an LSTM
/// over the steps, a linear layer to one Q-value per action. Q depends on the history the
/// LSTM's state holds, not on one observation: what a partially observed game needs.
///
/// The torso of pixels is the Nature CNN's trunk (three convolutions and its 512-unit layer);
/// the paper fed the last convolution's 3,136 outputs to the LSTM directly, and the 512-unit
/// layer between makes the LSTM's input projection six times cheaper. A state vector goes
/// through `hiddenSizes` ReLU layers. Parameters are named "torso.…", "lstm.…" and "head.…".
public final class RecurrentQNetwork: Layer {
    /// Each layer's hidden and cell states, [N, H] each (`LSTM`'s state); nil stands for zeros.
    public typealias State = [(hidden: Tensor, cell: Tensor)]

    public let observationShape: [Int]
    public let actions: Int
    public let torso: Sequential
    public let lstm: LSTM
    public let head: Dense

    public init(observationShape: [Int], actions: Int, lstmSize: Int, hiddenSizes: [Int], generator: inout SeededGenerator) {
        precondition(actions >= 1 && lstmSize >= 1, "a recurrent Q-network needs ≥ 1 action and LSTM unit, got \(actions) and \(lstmSize)")
        (self.observationShape, self.actions) = (observationShape, actions)
        let torsoWidth: Int
        if isPixelStack(observationShape) {
            torso = natureCNNTrunk(inputChannels: observationShape[0], generator: &generator)
            torsoWidth = 512
        } else {
            let initializer = Initializer.heUniform(gain: 1 / Float(3).squareRoot())  // PyTorch's U(±1/√fanIn)
            var layers: [any Layer] = [Flatten()]
            var width = observationShape.reduce(1, *)
            for hidden in hiddenSizes {
                layers += [Dense(inputSize: width, outputSize: hidden, weightInitializer: initializer, generator: &generator), ReLU()]
                width = hidden
            }
            torso = Sequential(layers)
            torsoWidth = width
        }
        lstm = LSTM(inputSize: torsoWidth, hiddenSize: lstmSize, generator: &generator)
        head = Dense(inputSize: lstmSize, outputSize: actions, generator: &generator)
    }

    /// Q-values [N, T, actions] for observations [N, T] + `observationShape`, the LSTM starting
    /// from `state` (zeros when nil) and restarting where `resets` [N, T] holds 1; also the
    /// state after the last step.
    public func callAsFunction(_ observations: Tensor, state: State?, resets: Tensor? = nil) -> (q: Tensor, state: State) {
        precondition(observations.rank == observationShape.count + 2 && Array(observations.shape.dropFirst(2)) == observationShape,
                     "a recurrent Q-network for \(observationShape) needs [N, T] + \(observationShape), got \(observations.shape)")
        let (n, steps) = (observations.shape[0], observations.shape[1])
        let features = torso(observations.reshaped([n * steps] + observationShape))
        let (outputs, final) = lstm(features.reshaped([n, steps, features.shape[1]]), state: state, resets: resets)
        let q = head(outputs.reshaped([n * steps, lstm.hiddenSize]))
        return (q.reshaped([n, steps, actions]), final)
    }

    /// Q-values [N, T, actions] of whole sequences from zero states.
    public func callAsFunction(_ observations: Tensor) -> Tensor { self(observations, state: nil).q }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        torso.namedParameters.map { ("torso.\($0.name)", $0.parameter) }
            + lstm.namedParameters.map { ("lstm.\($0.name)", $0.parameter) }
            + head.namedParameters.map { ("head.\($0.name)", $0.parameter) }
    }

    public var sublayers: [any Layer] { [torso, lstm, head] }
}
