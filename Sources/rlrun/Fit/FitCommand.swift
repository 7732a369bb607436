import ArgumentParser
import Datasets
import Foundation
import NN
import Presets
import Runs
import Supervised

/// `rlrun fit <model> <dataset>`: trains a model preset (models/*.toml) on a dataset preset
/// (datasets/*.toml) with `fit`, in a run folder like the agents' (config.toml, progress.csv,
/// curve.svg, best.safetensors, latest.safetensors), then measures the best model on the test
/// set. `--eval-only` measures a saved model instead of training.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train a network on labelled data: rlrun fit cnn fashion-mnist, rlrun fit char-lstm tinyshakespeare.")

    @Argument(help: "The model: mlp, cnn, char-lstm, autoencoder (models/*.toml). Optional with --eval-only.")
    var model: String?

    @Argument(help: "The dataset: fashion-mnist, tinyshakespeare (datasets/*.toml). With --eval-only: default, the checkpoint's.")
    var dataset: String?

    @Option(name: .customLong("set"), help: "Override a preset value: key=value for the model (learning_rate=3e-4), dataset.key=value for the dataset (repeatable).")
    var assignments: [String] = []

    @Option(help: "Epochs of the run (default: the preset's).")
    var epochs: Int?

    @Option(help: "Seed of the weights, the minibatch order, augmentation and noise (default: the preset's).")
    var seed: UInt64?

    @Option(name: .customLong("run-dir"), help: "The run folder (default: runs/<model>-<dataset>-<date>-<time>).")
    var runDirectory: String?

    @Option(name: .customLong("eval-only"), help: "Measure this saved model (best.safetensors of a fit run) on the test data and stop.")
    var evalOnly: String?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs \(epochs): train at least 1 epoch") }
        if evalOnly == nil && (model == nil || dataset == nil) {
            throw ValidationError("name a model and a dataset (rlrun fit cnn fashion-mnist), or give --eval-only a checkpoint")
        }
        if evalOnly != nil && (!assignments.isEmpty || epochs != nil || seed != nil || runDirectory != nil) {
            throw ValidationError("--eval-only measures a saved model as it is; --set, --epochs, --seed and --run-dir do not apply")
        }
    }

    func run() throws {
        if let evalOnly { return try FitEvaluation.run(checkpoint: evalOnly, model: model, dataset: dataset) }
        try FitRun.start(model: model!, dataset: dataset!, options: self)
    }
}
