import NN
import Randomness

/// PQN's Q-network (Gallici et al. 2024, section 4; CleanRL's `pqn_atari_envpool.py` and
/// `pqn.py`): LayerNorm after every hidden layer, before its ReLU. Normalization is what lets
/// Q-learning on correlated on-policy batches converge without a target network (the paper's
/// Theorem 1).
///
/// - A stack of 84×84 frames: the Nature CNN's convolutions, each followed by LayerNorm over
///   its whole [C, H, W] feature map, then 512 units, LayerNorm and one output per action.
/// - Anything else (read as a flat vector): `hiddenSizes` fully connected layers, each with
///   LayerNorm and ReLU, then the outputs.
///
/// Every weight starts orthogonal with gain √2, the outputs' too, and every bias at zero, as
/// CleanRL's `layer_init`.
func layerNormQNetwork(observationShape: [Int], actions: Int, hiddenSizes: [Int], generator: inout SeededGenerator) -> Sequential {
    let initializer = Initializer.orthogonal(gain: Float(2).squareRoot())
    if ActorCriticNetwork.isFrameStack(observationShape) {
        return Sequential(
            Conv2D(inputChannels: observationShape[0], outputChannels: 32, kernelSize: 8, stride: 4,
                   weightInitializer: initializer, generator: &generator),
            LayerNorm(normalizedShape: [32, 20, 20]), ReLU(),
            Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 4, stride: 2, weightInitializer: initializer, generator: &generator),
            LayerNorm(normalizedShape: [64, 9, 9]), ReLU(),
            Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, stride: 1, weightInitializer: initializer, generator: &generator),
            LayerNorm(normalizedShape: [64, 7, 7]), ReLU(),
            Flatten(),
            Dense(inputSize: 64 * 7 * 7, outputSize: 512, weightInitializer: initializer, generator: &generator),
            LayerNorm(featureCount: 512), ReLU(),
            Dense(inputSize: 512, outputSize: actions, weightInitializer: initializer, generator: &generator))
    }
    precondition(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "PQN's MLP needs one or more positive widths, got \(hiddenSizes)")
    var layers: [any Layer] = [Flatten()]
    var width = observationShape.reduce(1, *)
    for hidden in hiddenSizes {
        layers += [Dense(inputSize: width, outputSize: hidden, weightInitializer: initializer, generator: &generator),
                   LayerNorm(featureCount: hidden), ReLU()]
        width = hidden
    }
    layers.append(Dense(inputSize: width, outputSize: actions, weightInitializer: initializer, generator: &generator))
    return Sequential(layers)
}
