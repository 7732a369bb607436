import Foundation
import Testing
import Datasets
import NN
import Presets
import Runs
import Supervised
import Tensors

/// The repository's own models/ and datasets/, as `rlrun fit` reads them.
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

private func temporaryPath(_ suffix: String) -> String {
    NSTemporaryDirectory() + "rlrun-fit-\(UUID().uuidString)" + suffix
}

/// Serialized: the preset root is process-wide.
@Suite(.serialized) struct FitConfigurationTests {
    init() { PresetFiles.rootOverride = repository }

    @Test func presetsAndOverridesResolveAndReadBack() throws {
        let configuration = try FitConfiguration.resolve(model: "CNN", dataset: "fashion-mnist",
                                                         assignments: ["batch_size=32", "dataset.validation_examples=100"], epochs: 2, seed: 5)
        #expect(configuration.model == "cnn" && configuration.dataset == "fashion-mnist")
        #expect(configuration.epochs == 2 && configuration.seed == 5 && configuration.title == "cnn on fashion-mnist, seed 5")
        #expect(configuration.modelSettings["batch_size"] == .integer(32) && configuration.modelSettings["epochs"] == nil)
        #expect(configuration.datasetSettings["validation_examples"] == .integer(100))
        let again = try FitConfiguration(text: TOMLWriter.document(configuration.document), source: "config.toml")
        #expect(again.document == configuration.document)
    }

    @Test(arguments: [
        ("cnn", "fashion-mnist", ["batch_sise=32"], "unknown key 'batch_sise'"),
        ("cnn", "fashion-mnist", ["dataset.folderr=/x"], "unknown key 'folderr'"),
        ("cnn", "fashion-mnist", ["env.frame_stack=2"], "keys are the model's"),
        ("convnet", "fashion-mnist", [], "unknown model 'convnet'; known models: autoencoder, char-lstm, cnn, mlp"),
        ("cnn", "mnist", [], "unknown dataset 'mnist'"),
    ] as [(String, String, [String], String)])
    func mistakesAreOneLineErrors(_ model: String, _ dataset: String, _ assignments: [String], _ message: String) {
        #expect {
            try FitConfiguration.resolve(model: model, dataset: dataset, assignments: assignments, epochs: nil, seed: nil)
        } throws: { String(describing: $0).contains(message) }
    }

    /// Every model preset reads and builds for the data it is meant for.
    @Test(arguments: [("mlp", [1, 28, 28], 10, [10]), ("cnn", [1, 28, 28], 10, [10]), ("autoencoder", [1, 28, 28], 10, [1, 28, 28]),
                      ("char-lstm", [100], 65, [100, 65])])
    func everyModelPresetBuilds(_ name: String, _ shape: [Int], _ classes: Int, _ output: [Int]) throws {
        let configuration = try FitConfiguration.resolve(model: name, dataset: "fashion-mnist", assignments: [], epochs: nil, seed: nil)
        #expect(try FitCheckpoint.buildModel(configuration, inputShape: shape, classCount: classes, isText: name == "char-lstm").built.outputShape == output)
    }

    /// A model whose output does not fit the data is refused before anything runs.
    @Test func modelsThatDoNotFitTheirDataAreRefused() throws {
        let mlp = try FitConfiguration.resolve(model: "mlp", dataset: "tinyshakespeare", assignments: [], epochs: nil, seed: nil)
        #expect { try FitCheckpoint.buildModel(mlp, inputShape: [100], classCount: 65, isText: true) } throws: {
            String(describing: $0).contains("not [100, 65]")
        }
        let flat = try FitConfiguration.resolve(model: "mlp", dataset: "fashion-mnist", assignments: ["layers=[\"dense classes\"]"], epochs: nil, seed: nil)
        #expect { try FitCheckpoint.buildModel(flat, inputShape: [1, 28, 28], classCount: 10, isText: false) } throws: {
            String(describing: $0).contains("give [1, 28, 10] an example, not [10]") && String(describing: $0).contains("after a flatten")
        }
        let autoencoder = try FitConfiguration.resolve(model: "autoencoder", dataset: "tinyshakespeare", assignments: [], epochs: nil, seed: nil)
        #expect(throws: ModelSpecificationError.self) { try FitCheckpoint.buildModel(autoencoder, inputShape: [100], classCount: 65, isText: true) }
    }

    @Test func wrongTypesAndValuesNameTheKey() throws {
        for (assignment, message) in [("optimizer=adamw", "optimizer = \"adamw\" is not one of"), ("learning_rate=0", "learning_rate = 0.0 must be above 0"),
                                      ("layers=3", "layers = 3 is a integer")] {
            let configuration = try FitConfiguration.resolve(model: "mlp", dataset: "fashion-mnist", assignments: [assignment], epochs: nil, seed: nil)
            #expect(throws: PresetError.self) { try FitHyperparameters(preset: configuration.modelSettings, source: "models/mlp.toml") }
            do { _ = try FitHyperparameters(preset: configuration.modelSettings, source: "models/mlp.toml") } catch {
                #expect(String(describing: error).contains(message), "\(error)")
            }
        }
    }

    @Test func aTextDatasetIsSplitIntoSequencesWithAVocabulary() throws {
        let path = temporaryPath(".txt")
        try String(repeating: "to be or not to be\n", count: 50).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = try PresetFiles.table("datasets", "tinyshakespeare").table
        settings["file"] = .string(path)
        settings["sequence_length"] = .integer(10)
        let data = try DatasetPreset(settings, source: "test").load()
        #expect(data.vocabulary?.characters == Array("\n benort"))
        #expect(data.train.exampleShape == [10] && data.train.labelsPerExample == 10 && data.test == nil)
        // 950 characters: 855 for training (85 sequences), 95 for validation (9).
        #expect(data.train.count == 85 && data.validation?.count == 9)
        settings["validation_fraction"] = .float(1.5)
        #expect(throws: PresetError.self) { try DatasetPreset(settings, source: "test").load() }
        settings["validation_fraction"] = .float(0.1)
        settings["file"] = .string(path + ".missing")
        #expect { try DatasetPreset(settings, source: "test").load() } throws: { String(describing: $0).contains("cannot be read") }
    }
}

@Suite struct FitCheckpointTests {
    private func configuration(_ layers: [String], task: String = "classification") throws -> (FitConfiguration, String) {
        var model = try TOMLParser.parse(String(contentsOfFile: repository + "/models/mlp.toml", encoding: .utf8))
        model["layers"] = .array(layers.map { .string($0) })
        model["task"] = .string(task)
        model["epochs"] = nil
        model["seed"] = nil
        var document = TOMLTable()
        let run = try TOMLParser.parse("model = \"mlp\"\ndataset = \"text\"\nepochs = 1\nseed = 3")
        document["run"] = .table(run)
        document["model"] = .table(model)
        document["dataset"] = .table(try TOMLParser.parse("source = \"text\""))
        let text = TOMLWriter.document(document)
        return (try FitConfiguration(text: text, source: "test"), text)
    }

    @Test func aSavedModelIsRebuiltFromItsCheckpointAlone() throws {
        let vocabulary = CharacterVocabulary(characters: ["a", "\n", "\"", "é", "\\", "\u{301}"])  // a lone combining mark too
        let (configuration, text) = try configuration(["embedding 4", "lstm 5", "dense classes"])
        let examples = LabelledDataset(features: [0, 1, 2, 3], exampleShape: [4], labels: [1, 2, 3, 4], classCount: 6, labelsPerExample: 4)
        let data = FitData(train: examples, validation: nil, test: nil, vocabulary: vocabulary, classNames: nil)
        let (built, _) = try FitCheckpoint.buildModel(configuration, inputShape: [4], classCount: 6, isText: true)
        // Weights no fresh build has: the load must bring them.
        for parameter in built.model.parameters { parameter.assign(parameter.value + 0.25) }
        let path = temporaryPath(".safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try built.model.save(to: path, metadata: FitCheckpoint.metadata(configurationText: text, data: data).merging(["epoch": "7"]) { $1 })
        let loaded = try FitCheckpoint(contentsOf: path)
        #expect(loaded.vocabulary == vocabulary && loaded.epoch == 7 && loaded.inputShape == [4] && loaded.classCount == 6)
        let input = Tensor(shape: [1, 4], scalars: [5, 0, 2, 1])
        #expect(loaded.model(input).scalars == withoutGradients { built.model(input) }.scalars)
        let fresh = try FitCheckpoint.buildModel(configuration, inputShape: [4], classCount: 6, isText: true).built.model
        #expect(fresh(input).scalars != loaded.model(input).scalars)
    }

    /// The first checkpoints wrote the vocabulary as one string, not a JSON array: still read.
    @Test func aVocabularyWrittenAsOneStringStillReads() throws {
        let (configuration, text) = try configuration(["embedding 4", "gru 3", "dense classes"])
        let examples = LabelledDataset(features: [0, 1], exampleShape: [2], labels: [1, 2], classCount: 3, labelsPerExample: 2)
        let data = FitData(train: examples, validation: nil, test: nil, vocabulary: CharacterVocabulary(text: "abc"), classNames: nil)
        let path = temporaryPath(".safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var metadata = FitCheckpoint.metadata(configurationText: text, data: data)
        metadata["vocabulary"] = "abc"
        try FitCheckpoint.buildModel(configuration, inputShape: [2], classCount: 3, isText: true).built.model.save(to: path, metadata: metadata)
        #expect(try FitCheckpoint(contentsOf: path).vocabulary == CharacterVocabulary(text: "abc"))
        metadata["vocabulary"] = "aab"
        try FitCheckpoint.buildModel(configuration, inputShape: [2], classCount: 3, isText: true).built.model.save(to: path, metadata: metadata)
        #expect { try FitCheckpoint(contentsOf: path) } throws: { String(describing: $0).contains("vocabulary is damaged") }
    }

    @Test func filesThatAreNotFitCheckpointsAreRefusedInOneLine() throws {
        let path = temporaryPath(".safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(agent: "dqn", environment: "cartpole", counters: [:], configuration: "", tensors: ["w": Tensor(zeros: [2])]).write(to: path)
        #expect { try FitCheckpoint(contentsOf: path) } throws: { String(describing: $0).contains("use rlrun eval") }
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try FitCheckpoint(contentsOf: path) } throws: { !String(describing: $0).contains("\n") }
        #expect(throws: CheckpointError.self) { try FitCheckpoint(contentsOf: path + ".missing") }
    }
}

@Suite struct FitRunFilesTests {
    private func records() -> [EpochRecord] {
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Dense(inputSize: 2, outputSize: 2, generator: &generator))
        let data = LabelledDataset(features: [0, 1, 1, 0, 1, 1], exampleShape: [2], labels: [0, 1, 1], classCount: 2)
        let measured = evaluate(model, on: data)
        return [EpochRecord(epoch: 1, train: measured, validation: measured, learningRate: 0.001, seconds: 2.5, isBest: true),
                EpochRecord(epoch: 2, train: measured, validation: nil, learningRate: 0.0005, seconds: 2.25, isBest: false)]
    }

    @Test func theCSVHasARowPerEpochWithEmptyCellsForWhatIsMissing() {
        let lines = EpochCSV.text(records()).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "epoch,seconds,learning_rate,train_loss,train_accuracy,val_loss,val_accuracy,val_top_k_accuracy")
        #expect(lines.count == 4 && lines[3] == "")
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).count == 8 && lines[1].hasPrefix("1,2.5,0.001,"))
        #expect(lines[2].hasSuffix(",,,") && lines[2].hasPrefix("2,2.25,0.0005,"))
    }

    @Test func theCurveDrawsLossAndAccuracyPanels() {
        let svg = EpochCurve.svg(title: "mlp on <data>", records: records())
        #expect(svg.hasPrefix("<svg") && svg.contains("mean loss") && svg.contains("accuracy") && svg.contains("mlp on &lt;data&gt;"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * 3)  // loss: 2 + 1, accuracy: 2 + 1
    }

    @Test func thePictureShowsEachRowOfImagesEnlarged() {
        let clean = Tensor(shape: [2, 1, 2, 2], scalars: [0, 1, 0.5, 0, 1, 1, 1, 1])
        let frame = ReconstructionPicture.frame(rows: [clean, clean * 0], scale: 2, gap: 1)
        #expect(frame.width == 2 * (2 * 2 + 1) + 1 && frame.height == 2 * (2 * 2 + 1) + 1)
        #expect(frame[1, 1] == (0, 0, 0) && frame[3, 1] == (255, 255, 255) && frame[1, 3] == (128, 128, 128))
        #expect(frame[0, 0] == (255, 255, 255) && frame[1, 6] == (0, 0, 0))
    }
}
