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
/// With `sharedTrunk` false, vector observations get two trunks alike, one for the policy and
/// one for the value, as CleanRL's `ppo.py` and Stable-Baselines3's MLP policies build them: on
/// CartPole the value's regression (returns up to 100) then does not pull the policy's
/// features around. Frames always share the convolutions.
///
/// Parameters are named "trunk.…", "policy.…" and "value.…", and "value_trunk.…" for the
/// value's own trunk. UNREAL's auxiliary heads, when built (`auxiliary`), read the trunk's
/// features too and are named "pixel_control.…" and "reward_prediction.…".
public final class ActorCriticNetwork: Layer {
    public let trunk: Sequential
    /// The value's own trunk, when it does not share the policy's.
    public let valueTrunk: Sequential?
    public let policyHead: Dense
    public let valueHead: Dense
    /// UNREAL's pixel-control and reward-prediction heads (nil for A3C).
    public let auxiliary: AuxiliaryHeads?
    /// The shape one observation has; a batch is [N] + this.
    public let observationShape: [Int]
    public let actionCount: Int

    public init(observationShape: [Int], actionCount: Int, hiddenSizes: [Int], activation: HiddenActivation,
                sharedTrunk: Bool = true, auxiliaryTasks: AuxiliaryTasks? = nil, generator: inout SeededGenerator) {
        precondition(actionCount > 0, "an actor-critic network needs at least one action")
        self.observationShape = observationShape
        self.actionCount = actionCount
        let features: Int
        if Self.isFrameStack(observationShape) {
            trunk = natureCNNTrunk(inputChannels: observationShape[0], weightInitializer: .orthogonal(gain: Float(2).squareRoot()),
                                   generator: &generator)
            valueTrunk = nil
            features = 512
        } else {
            precondition(!hiddenSizes.isEmpty, "a fully connected actor-critic trunk needs at least one hidden layer")
            func fullyConnected(generator: inout SeededGenerator) -> Sequential {
                var layers: [any Layer] = []
                var width = observationShape.reduce(1, *)
                for hidden in hiddenSizes {
                    layers.append(Dense(inputSize: width, outputSize: hidden,
                                        weightInitializer: .orthogonal(gain: Float(2).squareRoot()), generator: &generator))
                    layers.append(activation.layer())
                    width = hidden
                }
                return Sequential(layers)
            }
            trunk = fullyConnected(generator: &generator)
            valueTrunk = sharedTrunk ? nil : fullyConnected(generator: &generator)
            features = hiddenSizes.last!
        }
        policyHead = Dense(inputSize: features, outputSize: actionCount,
                           weightInitializer: .orthogonal(gain: 0.01), generator: &generator)
        valueHead = Dense(inputSize: features, outputSize: 1,
                          weightInitializer: .orthogonal(gain: 1), generator: &generator)
        auxiliary = auxiliaryTasks.map {
            AuxiliaryHeads(tasks: $0, features: features, actionCount: actionCount,
                           observesFrames: Self.isFrameStack(observationShape), generator: &generator)
        }
    }

    /// [C, 84, 84]: frames, for the convolutional trunk.
    static func isFrameStack(_ shape: [Int]) -> Bool { shape.count == 3 && shape[1] == 84 && shape[2] == 84 }

    /// Policy logits [N, actions] and values [N] for a batch [N] + observationShape (or a
    /// flat [N, features] for vector observations).
    public func outputs(_ observations: Tensor) -> (logits: Tensor, values: Tensor) {
        let (_, logits, values) = forward(observations)
        return (logits, values)
    }

    /// The trunk's features [N, width] too, for the auxiliary heads.
    public func forward(_ observations: Tensor) -> (features: Tensor, logits: Tensor, values: Tensor) {
        let batch = observations.shape[0]
        let input = Self.isFrameStack(observationShape)
            ? observations.reshaped([batch] + observationShape)
            : observations.reshaped([batch, observationShape.reduce(1, *)])
        let features = trunk(input)
        let valueFeatures = valueTrunk.map { $0(input) } ?? features
        return (features, policyHead(features), valueHead(valueFeatures).reshaped([batch]))
    }

    /// The policy logits alone.
    public func callAsFunction(_ observations: Tensor) -> Tensor { outputs(observations).logits }

    public var sublayers: [any Layer] { [trunk] + (valueTrunk.map { [$0] } ?? []) + [policyHead, valueHead] + (auxiliary.map { [$0] } ?? []) }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        trunk.namedParameters.map { ("trunk.\($0.name)", $0.parameter) }
            + (valueTrunk?.namedParameters.map { ("value_trunk.\($0.name)", $0.parameter) } ?? [])
            + policyHead.namedParameters.map { ("policy.\($0.name)", $0.parameter) }
            + valueHead.namedParameters.map { ("value.\($0.name)", $0.parameter) }
            + (auxiliary?.namedParameters ?? [])
    }
}
