import Datasets
import Foundation
import Presets

/// The data of a supervised run: training examples, the validation examples measured after
/// every epoch, and the test examples measured at the end (none for text, whose held-out tail
/// is its validation).
public struct FitData: Sendable {
    public let train: LabelledDataset
    public let validation: LabelledDataset?
    public let test: LabelledDataset?
    /// The characters of a text dataset, in class order.
    public let vocabulary: CharacterVocabulary?
    /// The classes' names, when the dataset has them.
    public let classNames: [String]?
    public init(train: LabelledDataset, validation: LabelledDataset?, test: LabelledDataset?, vocabulary: CharacterVocabulary?,
                classNames: [String]?) {
        (self.train, self.validation, self.test, self.vocabulary, self.classNames) = (train, validation, test, vocabulary, classNames)
    }

    /// "55000 training, 5000 validation, 10000 test examples of [1, 28, 28], 10 classes".
    public var summary: String {
        var parts = ["\(train.count) training"]
        if let validation { parts.append("\(validation.count) validation") }
        if let test { parts.append("\(test.count) test") }
        return parts.joined(separator: ", ") + " examples of \(train.exampleShape), \(train.classCount) classes"
    }
}

/// A dataset preset (datasets/*.toml): where the files are and how they are split. `source`
/// says what reads them:
/// - "fashion-mnist": the IDX files in `folder`; the last `validation_examples` training
///   images are held out for validation (Keras's validation_split takes the last ones too);
/// - "cifar10": the binary batches in `folder`, likewise split, `normalize` per channel with the
///   training images' mean and standard deviation;
/// - "text": the characters of `file`, its last `validation_fraction` held out, cut into
///   sequences of `sequence_length` whose labels are the next characters;
/// - "csv": the numeric table `file`, its column `label` the classes, its last
///   `validation_fraction` of rows held out.
/// Relative paths are read from the project folder.
public struct DatasetPreset: Sendable {
    public let settings: TOMLTable
    public let source: String

    public init(_ settings: TOMLTable, source: String) { (self.settings, self.source) = (settings, source) }

    /// Reads the files. A text is encoded with `vocabulary` when one is given (a trained
    /// model's), else with its own characters.
    public func load(vocabulary: CharacterVocabulary? = nil) throws -> FitData {
        var r = PresetReader(settings, source: source)
        let data: FitData
        switch try r.choice("source", of: ["fashion-mnist", "cifar10", "text", "csv"]) {
        case "fashion-mnist":
            let folder = try path(r.string("folder")), held = try r.int("validation_examples")
            let (train, validation) = try holdOut(held, of: try FashionMNIST.load(.train, from: folder))
            data = FitData(train: train, validation: validation, test: try FashionMNIST.load(.test, from: folder),
                           vocabulary: nil, classNames: FashionMNIST.classNames)
        case "cifar10":
            let folder = try path(r.string("folder")), held = try r.int("validation_examples"), normalize = try r.bool("normalize")
            var (train, validation) = try holdOut(held, of: try CIFAR10.load(.train, from: folder))
            var test = try CIFAR10.load(.test, from: folder)
            if normalize {
                let (mean, deviation) = train.channelStatistics()
                train = train.normalized(mean: mean, standardDeviation: deviation)
                validation = validation?.normalized(mean: mean, standardDeviation: deviation)
                test = test.normalized(mean: mean, standardDeviation: deviation)
            }
            data = FitData(train: train, validation: validation, test: test, vocabulary: nil, classNames: CIFAR10.classNames)
        case "text":
            let file = try path(r.string("file")), length = try r.int("sequence_length"), fraction = try r.double("validation_fraction")
            guard length >= 1 else { throw PresetError("\(source): sequence_length = \(length) must be at least 1") }
            guard fraction > 0 && fraction < 1 else { throw PresetError("\(source): validation_fraction = \(fraction) must be in (0, 1)") }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw PresetError("\(file): cannot be read as UTF-8 text; set file in \(source) to a text file")
            }
            let tokens = try TokenizedText(text: text, vocabulary: vocabulary)
            let (train, validation) = tokens.split(trainingFraction: 1 - fraction)
            guard validation.tokens.count > length else {
                throw PresetError("\(source): the validation text (\(validation.tokens.count) characters) is shorter than a sequence (\(length)); use a longer text or a larger validation_fraction")
            }
            guard train.tokens.count > length else {
                throw PresetError("\(source): the training text (\(train.tokens.count) characters) is shorter than a sequence (\(length)); use a longer text or a smaller validation_fraction")
            }
            data = FitData(train: train.labelledSequences(length: length), validation: validation.labelledSequences(length: length),
                           test: nil, vocabulary: tokens.vocabulary, classNames: nil)
        default:
            let file = try path(r.string("file")), label = try r.string("label"), fraction = try r.double("validation_fraction")
            guard fraction >= 0 && fraction < 1 else { throw PresetError("\(source): validation_fraction = \(fraction) must be in [0, 1)") }
            let all = try CSVTable(contentsOf: file).labelled(by: label)
            guard all.count >= 1 else { throw PresetError("\(file): the table has no rows to learn from") }
            let (train, validation) = try holdOut(Int(Double(all.count) * fraction), of: all)
            data = FitData(train: train, validation: validation, test: nil, vocabulary: nil, classNames: nil)
        }
        try r.finish()
        return data
    }

    /// A path from the preset, relative ones read from the project folder.
    private func path(_ value: String) throws -> String {
        value.hasPrefix("/") ? value : try PresetFiles.root() + "/" + value
    }

    /// The last `count` examples held out for validation (none for 0).
    private func holdOut(_ count: Int, of dataset: LabelledDataset) throws -> (LabelledDataset, LabelledDataset?) {
        guard count >= 0 && count < dataset.count else {
            throw PresetError("\(source): cannot hold out \(count) of \(dataset.count) training examples for validation; give 0 to \(dataset.count - 1)")
        }
        guard count > 0 else { return (dataset, nil) }
        let (train, validation) = dataset.split(at: dataset.count - count)
        return (train, validation)
    }
}
