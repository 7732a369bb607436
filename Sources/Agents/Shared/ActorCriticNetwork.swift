import NN
import Randomness
import Tensors

/// A policy π(·|s) and a value V(s) that share a trunk (Mnih et al. 2016, section 5.1: "a
/// convolutional network with one softmax output for the policy and one linear output for
/// the value function, with all non-output layers shared").
///
/// The trunk is the Nature CNN's convolutions and 512-unit layer for a stack of 84×84 frames
/// ([C, 84, 84]), and a fully connected stack of `hiddenSizes` for anything else (read as a
/// flat vector). Every layer starts orthogonal as in CleanRL's and Stable-Baselines3's
/// actor-critics: gain √2 in the trunk, which keeps the signal's size through the ReLUs, 0.01
/// for the policy head (near-uniform at first) and 1 for the value head. (PyTorch's default,
/// which the DQN network keeps, shrinks the signal at every layer: with it the A3C policy on
/// Breakout's mostly black frames stayed uniform, entropy ln 4, for 380,000 steps.)
///
/// Parameters are named "trunk.…", "policy.…" and "value.…".
public final class ActorCriticNetwork: Layer {
    public let trunk: Sequential
    public let policyHead: Dense
    public let valueHead: Dense
    /// The shape one observation has; a batch is [N] + this.
    public let observationShape: [Int]
    public let actionCount: Int

    public init(observationShape: [Int], actionCount: Int, hiddenSizes: [Int], activation: HiddenActivation,
                generator: inout SeededGenerator) {
        precondition(actionCount > 0, "an actor-critic network needs at least one action")
        self.observationShape = observationShape
        self.actionCount = actionCount
        let features: Int
        if Self.isFrameStack(observationShape) {
            trunk = natureCNNTrunk(inputChannels: observationShape[0], weightInitializer: .orthogonal(gain: Float(2).squareRoot()),
                                   generator: &generator)
            features = 512
        } else {
            precondition(!hiddenSizes.isEmpty, "a fully connected actor-critic trunk needs at least one hidden layer")
            var layers: [any Layer] = []
            var width = observationShape.reduce(1, *)
            for hidden in hiddenSizes {
                layers.append(Dense(inputSize: width, outputSize: hidden,
                                    weightInitializer: .orthogonal(gain: Float(2).squareRoot()), generator: &generator))
                layers.append(activation.layer())
                width = hidden
            }
            trunk = Sequential(layers)
            features = width
        }
        policyHead = Dense(inputSize: features, outputSize: actionCount,
                           weightInitializer: .orthogonal(gain: 0.01), generator: &generator)
        valueHead = Dense(inputSize: features, outputSize: 1,
                          weightInitializer: .orthogonal(gain: 1), generator: &generator)
    }

    /// [C, 84, 84]: frames, for the convolutional trunk.
    static func isFrameStack(_ shape: [Int]) -> Bool { shape.count == 3 && shape[1] == 84 && shape[2] == 84 }

    /// Policy logits [N, actions] and values [N] for a batch [N] + observationShape (or a
    /// flat [N, features] for vector observations).
    public func outputs(_ observations: Tensor) -> (logits: Tensor, values: Tensor) {
        let batch = observations.shape[0]
        let input = Self.isFrameStack(observationShape)
            ? observations.reshaped([batch] + observationShape)
            : observations.reshaped([batch, observationShape.reduce(1, *)])
        let features = trunk(input)
        return (policyHead(features), valueHead(features).reshaped([batch]))
    }

    /// The policy logits alone.
    public func callAsFunction(_ observations: Tensor) -> Tensor { outputs(observations).logits }

    public var sublayers: [any Layer] { [trunk, policyHead, valueHead] }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        trunk.namedParameters.map { ("trunk.\($0.name)", $0.parameter) }
            + policyHead.namedParameters.map { ("policy.\($0.name)", $0.parameter) }
            + valueHead.namedParameters.map { ("value.\($0.name)", $0.parameter) }
    }
}
