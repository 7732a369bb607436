import Tensors

/// The convolutional Q-network of "Human-level control through deep reinforcement learning"
/// (Mnih et al. 2015, Methods: Model architecture): a stack of 4 preprocessed 84×84 frames →
/// 32 8×8 filters, stride 4 → 64 4×4, stride 2 → 64 3×3, stride 1 → 512 units → one output
/// per action, with ReLU between. Weights are drawn as PyTorch's defaults draw them (He
/// uniform with gain 1/√3, i.e. U(±1/√fanIn)); biases start at zero, where PyTorch draws them
/// from U(±1/√fanIn) too. Its layers are numbered as one sequence ("0.weight" … "9.weight").
public func natureCNN(inputChannels: Int = 4, outputs: Int, generator: inout SeededGenerator) -> Sequential {
    let trunk = natureCNNTrunk(inputChannels: inputChannels, generator: &generator)
    let head = Dense(inputSize: 512, outputSize: outputs, weightInitializer: natureCNNInitializer, generator: &generator)
    return Sequential(trunk.layers + [head])
}

/// The Nature network without its output layer: three convolutions and the 512-unit layer,
/// ReLU after each. Actor-critic agents put a policy head and a value head on it (Mnih et al. 2016).
/// The weights start as PyTorch's layers start theirs, unless `weightInitializer` says otherwise.
public func natureCNNTrunk(inputChannels: Int = 4, weightInitializer: Initializer? = nil,
                           generator: inout SeededGenerator) -> Sequential {
    let initializer = weightInitializer ?? natureCNNInitializer
    return Sequential(
        Conv2D(inputChannels: inputChannels, outputChannels: 32, kernelSize: 8, stride: 4,
               weightInitializer: initializer, generator: &generator),
        ReLU(),
        Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 4, stride: 2,
               weightInitializer: initializer, generator: &generator),
        ReLU(),
        Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, stride: 1,
               weightInitializer: initializer, generator: &generator),
        ReLU(),
        Flatten(),
        Dense(inputSize: 64 * 7 * 7, outputSize: 512, weightInitializer: initializer, generator: &generator),
        ReLU())
}

/// PyTorch's default for convolutions and linear layers: U(±1/√fanIn).
private let natureCNNInitializer = Initializer.heUniform(gain: 1 / Float(3).squareRoot())
