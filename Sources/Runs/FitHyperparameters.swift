import Datasets
import NN
import Presets
import Supervised
import Tensors

/// How a model preset (models/*.toml) trains, read from its resolved table. Every key is
/// documented in the presets; unknown keys and wrong types are one-line errors.
public struct FitHyperparameters: Sendable {
    public enum OptimizerChoice: String, Sendable { case adam, sgd, rmsprop }

    public var objective: Objective
    /// The layer lines (`ModelBuilder`).
    public var layers: [String]
    public var batchSize: Int
    public var optimizer: OptimizerChoice
    public var learningRate: Float
    /// SGD's momentum (adam and rmsprop do not use it).
    public var momentum: Float
    /// Multiply the learning rate by `decayFactor` every `decayEpochs` epochs; 0 keeps it.
    public var decayEpochs: Int
    public var decayFactor: Float
    /// Epochs without a better validation loss before stopping; 0 never stops early.
    public var earlyStoppingPatience: Int
    /// 0 does not clip.
    public var maxGradientNorm: Float
    /// Training images are padded by this and cropped back at random; 0 does not crop.
    public var randomCropPadding: Int
    public var horizontalFlip: Bool

    public init(preset table: TOMLTable, source: String) throws {
        var r = PresetReader(table, source: source)
        switch try r.choice("task", of: ["classification", "denoising"]) {
        case "denoising":
            let noise = try r.float("noise")
            guard noise > 0 else { throw PresetError("\(source): noise = \(noise) must be above 0 (the noise's standard deviation)") }
            objective = .denoising(noise: noise)
        default: objective = .classification
        }
        layers = try r.strings("layers")
        batchSize = try r.int("batch_size")
        optimizer = OptimizerChoice(rawValue: try r.choice("optimizer", of: ["adam", "sgd", "rmsprop"]))!
        learningRate = try r.float("learning_rate")
        momentum = try r.float("momentum")
        decayEpochs = try r.int("lr_decay_epochs")
        decayFactor = try r.float("lr_decay_factor")
        earlyStoppingPatience = try r.int("early_stopping_patience")
        maxGradientNorm = try r.float("max_gradient_norm")
        randomCropPadding = try r.int("random_crop_padding")
        horizontalFlip = try r.bool("horizontal_flip")
        try r.finish()
        func check(_ condition: Bool, _ message: String) throws { if !condition { throw PresetError("\(source): \(message)") } }
        try check((1...1_000_000).contains(batchSize), "batch_size = \(batchSize) must be 1 to 1000000")
        try check(learningRate > 0, "learning_rate = \(learningRate) must be above 0")
        try check((0...1_000_000).contains(decayEpochs) && decayFactor > 0, "lr_decay_epochs must be 0 to 1000000 and lr_decay_factor above 0")
        try check(earlyStoppingPatience >= 0, "early_stopping_patience must be 0 (off) or more")
        try check(maxGradientNorm >= 0, "max_gradient_norm must be 0 (off) or more")
        try check(randomCropPadding >= 0, "random_crop_padding must be 0 (off) or more")
    }

    public func makeOptimizer() -> any Optimizer {
        switch optimizer {
        case .adam: Adam(learningRate: learningRate)
        case .sgd: SGD(learningRate: learningRate, momentum: momentum)
        case .rmsprop: RMSProp(learningRate: learningRate)
        }
    }

    /// `fit`'s settings for `epochs` epochs over `trainingCount` examples, the best model saved at `bestCheckpointPath`.
    public func settings(epochs: Int, seed: UInt64, trainingCount: Int, bestCheckpointPath: String?,
                         checkpointMetadata: [String: String]) -> FitSettings {
        let batchesPerEpoch = (trainingCount + batchSize - 1) / batchSize
        let schedule: (any LearningRateSchedule)? = decayEpochs > 0
            ? StepDecay(initial: learningRate, factor: decayFactor, every: decayEpochs * batchesPerEpoch) : nil
        let (padding, flip) = (randomCropPadding, horizontalFlip)
        @Sendable func augment(_ images: Tensor, _ generator: inout SeededGenerator) -> Tensor {
            let cropped = Augmentation.randomCrop(images, padding: padding, generator: &generator)
            return flip ? Augmentation.horizontalFlip(cropped, generator: &generator) : cropped
        }
        return FitSettings(objective: objective, epochs: epochs, batchSize: batchSize, seed: seed, schedule: schedule,
                           earlyStoppingPatience: earlyStoppingPatience > 0 ? earlyStoppingPatience : nil,
                           bestCheckpointPath: bestCheckpointPath, maxGradientNorm: maxGradientNorm > 0 ? maxGradientNorm : nil,
                           augment: padding == 0 && !flip ? nil : augment, checkpointMetadata: checkpointMetadata)
    }
}
