import Datasets
import Foundation
import Presets
import NN
import Randomness
import Supervised

/// A supervised model's checkpoint (best.safetensors and latest.safetensors of an `rlrun fit`
/// run): the model's parameters and buffers, and in the metadata what rebuilds it without
/// its run folder — the run's configuration (with the layer lines), the example shape, the
/// class count and, for text, the vocabulary.
public struct FitCheckpoint {
    public static let format = "rlrun-model"

    public let configuration: FitConfiguration
    /// The configuration as the run wrote it.
    public let configurationText: String
    public let inputShape: [Int]
    public let classCount: Int
    public let vocabulary: CharacterVocabulary?
    /// The model, in evaluation mode.
    public let model: Sequential
    public let hyperparameters: FitHyperparameters
    public let epoch: Int?

    /// The metadata a checkpoint of a model for `data`, run with `configurationText`, carries.
    public static func metadata(configurationText: String, data: FitData) -> [String: String] {
        var metadata = ["format": format, "config": configurationText,
                        "input_shape": data.train.exampleShape.map(String.init).joined(separator: ","),
                        "classes": String(data.train.classCount)]
        // A JSON array of one-character strings: joined into one string, a combining mark
        // would merge with the character before it.
        if let vocabulary = data.vocabulary,
           let json = try? JSONSerialization.data(withJSONObject: vocabulary.characters.map(String.init)) {
            metadata["vocabulary"] = String(decoding: json, as: UTF8.self)
        }
        return metadata
    }

    /// The model a configuration describes for examples of `inputShape` (token sequences when
    /// `isText`: one label a position), its weights drawn from the run's seed. Refuses a model
    /// whose output does not fit its task: a logit per class (per position, for text), or for
    /// a denoiser the input's shape.
    public static func buildModel(_ configuration: FitConfiguration, inputShape: [Int], classCount: Int, isText: Bool) throws
        -> (built: ModelBuilder.Built, hyperparameters: FitHyperparameters) {
        let source = "models/\(configuration.model).toml"
        let hyperparameters = try FitHyperparameters(preset: configuration.modelSettings, source: source)
        var generator = SeededGenerator(seed: configuration.seed)
        let built = try ModelBuilder.build(hyperparameters.layers, inputShape: inputShape, classCount: classCount,
                                           inputIsTokens: isText, generator: &generator, source: source)
        switch hyperparameters.objective {
        case .denoising:
            guard !isText else { throw ModelSpecificationError("\(source): a denoising model is for images, not text") }
            guard built.outputShape == inputShape else {
                throw ModelSpecificationError("\(source): a denoising model must give back its input's shape \(inputShape), its layers give \(built.outputShape)")
            }
        case .classification, .largeMargin:
            let wanted = isText ? [inputShape[0], classCount] : [classCount]
            guard built.outputShape == wanted else {
                throw ModelSpecificationError("\(source): the layers give \(built.outputShape) an example, not \(wanted) (\(isText ? "a logit per class at every position" : "a logit per class")); end with \"dense classes\"\(isText || built.outputShape.count == 1 ? "" : " after a flatten")")
            }
        }
        return (built, hyperparameters)
    }

    /// Reads and rebuilds the model saved at `path`, refusing files that are not rlrun fit checkpoints.
    public init(contentsOf path: String) throws {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(contentsOf: path) } catch { throw CheckpointError("\(error)") }
        let metadata = file.metadata
        guard metadata["format"] == Self.format else {
            let hint = metadata["format"] == Checkpoint.format ? " (it is an agent's checkpoint: use rlrun eval)" : ""
            throw CheckpointError("\(path): not a model saved by rlrun fit\(hint); give best.safetensors or latest.safetensors of a fit run")
        }
        guard let text = metadata["config"], let shapeText = metadata["input_shape"], let classText = metadata["classes"],
              let classCount = Int(classText) else {
            throw CheckpointError("\(path): the checkpoint's metadata lacks its configuration, input shape or classes; the file is damaged")
        }
        let shape = shapeText.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        guard !shape.isEmpty, shape.count <= 3, shape.allSatisfy({ (1...1_000_000).contains($0) }), (1...1_000_000).contains(classCount) else {
            throw CheckpointError("\(path): the checkpoint's input shape '\(shapeText)' or class count \(classCount) is damaged")
        }
        var configuration = try FitConfiguration(text: text, source: path)
        // The first checkpoints' presets had no momentum key (SGD could not be chosen then).
        if configuration.modelSettings["momentum"] == nil { configuration.modelSettings["momentum"] = .float(0.9) }
        self.configuration = configuration
        configurationText = text
        (inputShape, self.classCount) = (shape, classCount)
        if let text = metadata["vocabulary"] {
            // The first checkpoints wrote the characters as one string; a JSON array since.
            let strings = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? text.map(String.init)
            let characters = strings.compactMap { $0.count == 1 ? $0.first : nil }
            guard characters.count == strings.count, Set(characters).count == characters.count, characters.count == classCount else {
                throw CheckpointError("\(path): the checkpoint's vocabulary is damaged (repeated characters, or not one per class)")
            }
            vocabulary = CharacterVocabulary(characters: characters)
        } else {
            vocabulary = nil
        }
        epoch = metadata["epoch"].flatMap { Int($0) }
        let (built, hyperparameters) = try Self.buildModel(configuration, inputShape: shape, classCount: classCount,
                                                           isText: vocabulary != nil)
        do {
            try built.model.load(from: file, path: path)
        } catch {
            throw CheckpointError("\(error)")
        }
        built.model.setTraining(false)
        (model, self.hyperparameters) = (built.model, hyperparameters)
    }
}
