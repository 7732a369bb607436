import NN
import Randomness

/// A fully connected network `inputSize → hiddenSizes… → outputSize` with `activation`
/// between the layers and none after the last.
///
/// Orthogonal weights (Saxe et al. 2014) with gain √2 in the hidden layers and
/// `outputGain` in the last, zero biases: the initialization of the OpenAI Baselines policy
/// networks that CleanRL and Stable-Baselines3 keep. A small output gain (0.01 for a policy)
/// starts the policy near uniform, so that early updates are not spent undoing a confident
/// random preference.
func multilayerPerceptron(inputSize: Int, hiddenSizes: [Int], outputSize: Int, activation: HiddenActivation,
                          outputGain: Float, generator: inout SeededGenerator) -> Sequential {
    precondition(inputSize > 0 && outputSize > 0 && hiddenSizes.allSatisfy { $0 > 0 },
                 "a fully connected network needs positive sizes, got \(inputSize) → \(hiddenSizes) → \(outputSize)")
    var layers: [any Layer] = []
    var width = inputSize
    for hidden in hiddenSizes {
        layers.append(Dense(inputSize: width, outputSize: hidden,
                            weightInitializer: .orthogonal(gain: Float(2).squareRoot()), generator: &generator))
        layers.append(activation.layer())
        width = hidden
    }
    layers.append(Dense(inputSize: width, outputSize: outputSize,
                        weightInitializer: .orthogonal(gain: outputGain), generator: &generator))
    return Sequential(layers)
}
