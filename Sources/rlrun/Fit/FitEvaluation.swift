import Datasets
import Foundation
import Runs
import Supervised

/// `rlrun fit --eval-only <checkpoint>`: the saved model, rebuilt from the checkpoint alone,
/// measured on the test data of its dataset (or of another preset whose examples have the
/// same shape).
enum FitEvaluation {
    static func run(checkpoint path: String, model: String?, dataset: String?) throws {
        let saved = try FitCheckpoint(contentsOf: path)
        if let model, model.lowercased() != saved.configuration.model {
            throw CommandLineError("\(path): a \(saved.configuration.model) model, not \(model); leave the model out or name \(saved.configuration.model)")
        }
        var settings = saved.configuration.datasetSettings, source = "\(path) [dataset]"
        if let dataset {
            let preset = try PresetFiles.table("datasets", dataset)
            (settings, source) = (preset.table, preset.source)
        }
        let data = try DatasetPreset(settings, source: source).load(vocabulary: saved.vocabulary)
        guard data.train.exampleShape == saved.inputShape, data.train.classCount == saved.classCount else {
            throw CommandLineError("\(path): the model takes \(saved.inputShape) in \(saved.classCount) classes; \(source) has \(data.train.exampleShape) in \(data.train.classCount)")
        }
        let (name, measured) = data.test.map { ("test", $0) } ?? ("validation", data.validation ?? data.train)
        let metrics = evaluate(saved.model, on: measured, objective: saved.hyperparameters.objective, batchSize: 256)
        print("\(saved.configuration.title), epoch \(saved.epoch.map(String.init) ?? "?"), on the \(name) data, \(measured.count) examples:")
        FitReport.print(metrics, classNames: data.classNames, objective: saved.hyperparameters.objective, perPosition: measured.labelsPerExample > 1)
    }
}
