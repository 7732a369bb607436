import Presets

/// Everything a supervised run (`rlrun fit`) was made with: the model's preset
/// (models/<model>.toml: its layers and how to train it), the dataset's
/// (datasets/<dataset>.toml), then `--epochs`, `--seed` and `--set` from the command line.
/// `config.toml` holds its `document`; checkpoints carry it, so that `--eval-only` and
/// `rlrun sample` rebuild the model from the checkpoint alone.
public struct FitConfiguration: Sendable {
    public var model: String
    public var dataset: String
    public var epochs: Int
    public var seed: UInt64
    /// The model preset without `epochs` and `seed`.
    public var modelSettings: TOMLTable
    public var datasetSettings: TOMLTable

    /// "cnn on fashion-mnist, seed 1", the title of the run's curves.
    public var title: String { "\(model) on \(dataset), seed \(seed)" }

    public static func resolve(model modelName: String, dataset datasetName: String, assignments: [String],
                               epochs: Int?, seed: UInt64?) throws -> FitConfiguration {
        let model = try PresetFiles.table("models", modelName)
        let dataset = try PresetFiles.table("datasets", datasetName)
        let (modelOverrides, datasetOverrides) = try PresetMerging.splitAssignments(assignments, section: "dataset",
            usage: "keys are the model's (learning_rate=…) or the dataset's (dataset.validation_examples=…)")
        var modelSettings = try PresetMerging.merge(modelOverrides, into: model.table, source: "--set (\(model.source))")
        let datasetSettings = try PresetMerging.merge(datasetOverrides, into: dataset.table, source: "--set dataset. (\(dataset.source))")
        var reader = PresetReader(modelSettings, source: model.source)
        let presetEpochs = try reader.int("epochs"), presetSeed = try reader.int("seed")
        modelSettings["epochs"] = nil
        modelSettings["seed"] = nil
        let resolvedEpochs = epochs ?? presetEpochs
        guard resolvedEpochs > 0 else { throw PresetError("epochs = \(resolvedEpochs): train at least one epoch") }
        guard presetSeed >= 0 else { throw PresetError("\(model.source): seed = \(presetSeed) must be 0 or more") }
        return FitConfiguration(model: model.name, dataset: dataset.name, epochs: resolvedEpochs, seed: seed ?? UInt64(presetSeed),
                                modelSettings: modelSettings, datasetSettings: datasetSettings)
    }

    /// The configuration as config.toml holds it.
    public var document: TOMLTable {
        var run = TOMLTable()
        run["model"] = .string(model)
        run["dataset"] = .string(dataset)
        run["epochs"] = .integer(epochs)
        run["seed"] = .integer(Int(truncatingIfNeeded: seed))
        var document = TOMLTable()
        document["run"] = .table(run)
        document["model"] = .table(modelSettings)
        document["dataset"] = .table(datasetSettings)
        return document
    }

    /// Reads a config.toml (or a checkpoint's configuration) back.
    public init(document: TOMLTable, source: String) throws {
        guard case let .table(run)? = document["run"], case let .table(modelSettings)? = document["model"],
              case let .table(datasetSettings)? = document["dataset"] else {
            throw PresetError("\(source): needs [run], [model] and [dataset] sections; it was not written by rlrun fit")
        }
        var reader = PresetReader(run, source: source + " [run]")
        model = try reader.string("model")
        dataset = try reader.string("dataset")
        epochs = try reader.int("epochs")
        seed = UInt64(truncatingIfNeeded: try reader.int("seed"))
        try reader.finish()
        (self.modelSettings, self.datasetSettings) = (modelSettings, datasetSettings)
    }

    /// Reads the configuration text a run folder or a checkpoint holds.
    public init(text: String, source: String) throws {
        let document: TOMLTable
        do { document = try TOMLParser.parse(text) } catch { throw PresetError("\(source): \(error)") }
        try self.init(document: document, source: source)
    }

    init(model: String, dataset: String, epochs: Int, seed: UInt64, modelSettings: TOMLTable, datasetSettings: TOMLTable) {
        (self.model, self.dataset, self.epochs, self.seed) = (model, dataset, epochs, seed)
        (self.modelSettings, self.datasetSettings) = (modelSettings, datasetSettings)
    }
}
