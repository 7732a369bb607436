import Datasets
import Foundation
import NN
import Presets
import Runs
import Supervised
import Tensors

/// One `rlrun fit` training run: resolve and check everything (presets, data, model) before
/// the run folder is made, train with a log that keeps the folder's files current, then
/// measure the best model on the test data.
enum FitRun {
    static func start(model modelName: String, dataset datasetName: String, options: FitCommand) throws {
        let configuration = try FitConfiguration.resolve(model: modelName, dataset: datasetName, assignments: options.assignments,
                                                         epochs: options.epochs, seed: options.seed)
        let data = try DatasetPreset(configuration.datasetSettings, source: "datasets/\(configuration.dataset).toml").load()
        let (built, hyperparameters) = try FitCheckpoint.buildModel(configuration, inputShape: data.train.exampleShape,
                                                                    classCount: data.train.classCount, isText: data.vocabulary != nil)
        try check(hyperparameters, against: data, source: "models/\(configuration.model).toml")
        let folder = try RunFolder.create(at: options.runDirectory
            ?? RunFolder.defaultPath(agent: configuration.model, environment: configuration.dataset, startedAt: Date()))
        let text = TOMLWriter.document(configuration.document,
                                       comment: "rlrun fit \(configuration.model) \(configuration.dataset): the resolved configuration of this run")
        try folder.writeConfiguration(text)
        print("\(configuration.title): \(configuration.epochs) epochs, run folder \(folder.path)")
        print("data: \(data.summary)")
        print("model: \(built.model.parameterCount) parameters")
        for line in built.summary { print("  " + line) }

        let metadata = FitCheckpoint.metadata(configurationText: text, data: data)
        let settings = hyperparameters.settings(epochs: configuration.epochs, seed: configuration.seed, trainingCount: data.train.count,
                                                bestCheckpointPath: folder.bestCheckpointPath, checkpointMetadata: metadata)
        func saveLatest(afterEpoch epoch: Int) throws {
            try built.model.save(to: folder.latestCheckpointPath, metadata: metadata.merging(["epoch": String(epoch)]) { $1 })
        }
        let log = try FitRunLog(folder: folder, title: configuration.title, epochs: configuration.epochs, examples: data.train.count,
                            save: saveLatest)
        Interruption.install()
        let history = try fit(built.model, train: data.train, validation: data.validation, settings: settings,
                              optimizer: hyperparameters.makeOptimizer(), log: log)
        log.finish()
        if RunLog.interrupted {
            try saveLatest(afterEpoch: history.count)
            print("interrupted after \(history.count) whole epochs; checkpoints and curve in \(folder.path)")
            return
        }
        guard FileManager.default.fileExists(atPath: folder.bestCheckpointPath) else {
            // A loss that is NaN from the start is never lower than the best so far.
            print("no epoch gave a finite loss, so no best model was saved; try a lower learning_rate (checkpoints in \(folder.path))")
            return
        }
        // The test set measures the best model, as Keras's restore_best_weights would leave it.
        let best = try FitCheckpoint(contentsOf: folder.bestCheckpointPath)
        let (name, measured) = data.test.map { ("test", $0) } ?? ("validation", data.validation ?? data.train)
        let metrics = evaluate(best.model, on: measured, objective: hyperparameters.objective, batchSize: 256)
        print("best model (epoch \(best.epoch.map(String.init) ?? "?")) on the \(name) data, \(measured.count) examples:")
        FitReport.print(metrics, classNames: data.classNames, objective: hyperparameters.objective, perPosition: measured.labelsPerExample > 1)
        if case let .denoising(noise) = hyperparameters.objective {
            let picturePath = folder.path + "/reconstructions.gif"
            try ReconstructionPicture.write(model: best.model, images: FitReport.firstOfEachClass(measured, count: 10),
                                            noise: noise, seed: configuration.seed, to: picturePath)
            print("clean, noisy and denoised test images: \(picturePath)")
        }
        print("checkpoints and curve in \(folder.path)")
    }

    /// What the model preset asks of the data that only the data can answer.
    private static func check(_ hyperparameters: FitHyperparameters, against data: FitData, source: String) throws {
        let shape = data.train.exampleShape
        if hyperparameters.randomCropPadding > 0 || hyperparameters.horizontalFlip {
            guard shape.count == 3 else {
                throw PresetError("\(source): random_crop_padding and horizontal_flip augment images; set them to 0 and false for \(shape) examples")
            }
            guard hyperparameters.randomCropPadding < min(shape[1], shape[2]) else {
                throw PresetError("\(source): random_crop_padding = \(hyperparameters.randomCropPadding) must be smaller than the \(shape[1])×\(shape[2]) images")
            }
        }
        // The noisy copies are clipped to [0, 1], so the clean images must be there too.
        if case .denoising = hyperparameters.objective, let low = data.train.features.min(), let high = data.train.features.max(),
           low < 0 || high > 1 {
            throw PresetError("\(source): a denoiser needs pixels in [0, 1], the data has \(low)…\(high); turn the dataset's normalization off (--set dataset.normalize=false)")
        }
    }
}
