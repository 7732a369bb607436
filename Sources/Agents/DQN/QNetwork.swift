import NN
import Randomness
import Tensors

/// The network Q(s, ·) for an observation shape: the Nature CNN (Mnih et al. 2015) for
/// stacks of 84×84 frames [C, 84, 84], else an MLP over the flattened observation with ReLU
/// between `hiddenSizes` layers (CleanRL's `QNetwork` for CartPole). One output per action.
///
/// Weights are drawn as PyTorch's `nn.Linear` draws them (U(±1/√fanIn)), as `natureCNN` does,
/// so that CleanRL's learning rates carry over.
public func qNetwork(observationShape: [Int], actions: Int, hiddenSizes: [Int],
                     generator: inout SeededGenerator) -> Sequential {
    if isPixelStack(observationShape) {
        return natureCNN(inputChannels: observationShape[0], outputs: actions, generator: &generator)
    }
    let initializer = Initializer.heUniform(gain: 1 / Float(3).squareRoot())
    var layers: [any Layer] = observationShape.count > 1 ? [Flatten()] : []
    var width = observationShape.reduce(1, *)
    for hidden in hiddenSizes {
        layers.append(Dense(inputSize: width, outputSize: hidden, weightInitializer: initializer, generator: &generator))
        layers.append(ReLU())
        width = hidden
    }
    layers.append(Dense(inputSize: width, outputSize: actions, weightInitializer: initializer, generator: &generator))
    return Sequential(layers)
}

/// [C, 84, 84]: the preprocessed Atari frames the Nature CNN reads.
func isPixelStack(_ shape: [Int]) -> Bool { shape.count == 3 && shape[1] == 84 && shape[2] == 84 }
