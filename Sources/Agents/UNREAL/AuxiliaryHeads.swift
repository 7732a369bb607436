import NN
import Randomness
import Tensors

/// UNREAL's auxiliary heads on the actor-critic's trunk features (Jaderberg et al. 2016,
/// Figure 1 and supplementary section "Network architecture"):
///
/// - pixel control: the features → 32×9×9 units (ReLU) → two 4×4 stride-2 deconvolutions to
///   20×20 maps, one value map V and one advantage map per action A(a); Q(a) = V + A(a) −
///   mean A, the dueling form (Wang et al. 2016). One Q-value per action and per 4×4 cell of
///   the central 80×80 pixels. Only for frames: vectors have no pixels.
/// - reward prediction: the features → 128 units (ReLU) → 3 logits: zero, positive, negative.
///   The paper encodes three frames with the trunk's convolutions and concatenates them; the
///   trunk here already reads a stack of frames, so its features of one observation serve.
///
/// Parameters are named "pixel_control.…" and "reward_prediction.…".
public final class AuxiliaryHeads: Layer {
    /// Cells per side of the pixel-control grid: 80 pixels in 4×4 cells.
    public static let cellsPerSide = 20

    public let actionCount: Int
    public let pixelControlHidden: Dense?, pixelControlValue: ConvTranspose2D?, pixelControlAdvantage: ConvTranspose2D?
    public let rewardPredictionHidden: Dense?, rewardPredictionOutput: Dense?

    init(tasks: AuxiliaryTasks, features: Int, actionCount: Int, observesFrames: Bool, generator: inout SeededGenerator) {
        self.actionCount = actionCount
        let initializer = Initializer.heUniform(gain: 1 / Float(3).squareRoot())  // PyTorch's U(±1/√fanIn)
        if observesFrames && tasks.pixelControlWeight > 0 {
            pixelControlHidden = Dense(inputSize: features, outputSize: 32 * 9 * 9, weightInitializer: initializer, generator: &generator)
            pixelControlValue = ConvTranspose2D(inputChannels: 32, outputChannels: 1, kernelSize: 4, stride: 2,
                                                weightInitializer: initializer, generator: &generator)
            pixelControlAdvantage = ConvTranspose2D(inputChannels: 32, outputChannels: actionCount, kernelSize: 4, stride: 2,
                                                    weightInitializer: initializer, generator: &generator)
        } else {
            (pixelControlHidden, pixelControlValue, pixelControlAdvantage) = (nil, nil, nil)
        }
        if tasks.rewardPredictionWeight > 0 {
            rewardPredictionHidden = Dense(inputSize: features, outputSize: 128, weightInitializer: initializer, generator: &generator)
            rewardPredictionOutput = Dense(inputSize: 128, outputSize: 3, weightInitializer: initializer, generator: &generator)
        } else {
            (rewardPredictionHidden, rewardPredictionOutput) = (nil, nil)
        }
    }

    public var hasPixelControl: Bool { pixelControlHidden != nil }
    public var hasRewardPrediction: Bool { rewardPredictionHidden != nil }

    /// Q-values of pixel control [N, actions, 20, 20] for trunk features [N, width].
    public func pixelControlQ(_ features: Tensor) -> Tensor {
        guard let hidden = pixelControlHidden, let value = pixelControlValue, let advantage = pixelControlAdvantage else {
            preconditionFailure("this network has no pixel-control head (vector observations, or pixel_control_weight = 0)")
        }
        let n = features.shape[0]
        let maps = hidden(features).relu().reshaped([n, 32, 9, 9])
        let a = advantage(maps)
        return value(maps) + a - a.mean(alongAxis: 1, keepingDims: true)
    }

    /// Logits [N, 3] of the next reward's sign (zero, positive, negative) for trunk features [N, width].
    public func rewardLogits(_ features: Tensor) -> Tensor {
        guard let hidden = rewardPredictionHidden, let output = rewardPredictionOutput else {
            preconditionFailure("this network has no reward-prediction head (reward_prediction_weight = 0)")
        }
        return output(hidden(features).relu())
    }

    /// The heads have no use alone: `pixelControlQ` and `rewardLogits` read trunk features.
    public func callAsFunction(_ input: Tensor) -> Tensor { hasPixelControl ? pixelControlQ(input) : rewardLogits(input) }

    public var sublayers: [any Layer] {
        let heads: [(any Layer)?] = [pixelControlHidden, pixelControlValue, pixelControlAdvantage, rewardPredictionHidden, rewardPredictionOutput]
        return heads.compactMap { $0 }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        func named(_ prefix: String, _ layer: (any Layer)?) -> [(name: String, parameter: Parameter)] {
            layer?.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } ?? []
        }
        return named("pixel_control.hidden", pixelControlHidden) + named("pixel_control.value", pixelControlValue)
            + named("pixel_control.advantage", pixelControlAdvantage)
            + named("reward_prediction.hidden", rewardPredictionHidden) + named("reward_prediction.output", rewardPredictionOutput)
    }
}
