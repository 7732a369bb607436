import Datasets
import Foundation
import NN
import Randomness
import Tensors

/// How `fit` trains: the objective, epochs, minibatches, the seed of their order, and the
/// callbacks Keras's `fit` users know, as settings — a learning-rate schedule by step, early
/// stopping on the validation loss, a checkpoint of the best model.
public struct FitSettings: Sendable {
    public var objective: Objective
    public var epochs: Int
    public var batchSize: Int
    public var seed: UInt64
    /// The learning rate at each optimizer step; nil keeps the optimizer's.
    public var schedule: (any LearningRateSchedule)?
    /// Stop after this many epochs without a validation loss lower than the best by more than
    /// `minimumImprovement` (Keras's EarlyStopping: patience, min_delta); nil never stops early.
    public var earlyStoppingPatience: Int?
    public var minimumImprovement: Double
    /// Where to save the model whenever its validation loss is the best so far (Keras's
    /// ModelCheckpoint with save_best_only); written atomically.
    public var bestCheckpointPath: String?
    /// k of the top-k accuracy.
    public var topK: Int
    /// Clip the gradients to this global norm before each step (char-rnn clips at 5); nil does not.
    public var maxGradientNorm: Float?
    /// Applied to each training minibatch's features, drawing from the run's generator
    /// (`Augmentation.randomCrop`, `horizontalFlip`); nil leaves them as they are.
    public var augment: (@Sendable (Tensor, inout SeededGenerator) -> Tensor)?
    /// Metadata saved with the best checkpoint, beside its "epoch".
    public var checkpointMetadata: [String: String]

    public init(objective: Objective = .classification, epochs: Int, batchSize: Int, seed: UInt64 = 1,
                schedule: (any LearningRateSchedule)? = nil, earlyStoppingPatience: Int? = nil, minimumImprovement: Double = 0,
                bestCheckpointPath: String? = nil, topK: Int = 5, maxGradientNorm: Float? = nil,
                augment: (@Sendable (Tensor, inout SeededGenerator) -> Tensor)? = nil, checkpointMetadata: [String: String] = [:]) {
        (self.objective, self.epochs, self.batchSize, self.seed, self.schedule) = (objective, epochs, batchSize, seed, schedule)
        (self.earlyStoppingPatience, self.minimumImprovement, self.bestCheckpointPath, self.topK) =
            (earlyStoppingPatience, minimumImprovement, bestCheckpointPath, topK)
        (self.maxGradientNorm, self.augment, self.checkpointMetadata) = (maxGradientNorm, augment, checkpointMetadata)
    }
}

/// One epoch's figures, as Keras's History holds them.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var train: PassMetrics
    public var validation: PassMetrics?
    public var learningRate: Float
    public var seconds: Double
    /// Whether this epoch's model was saved as the best.
    public var isBest: Bool

    public init(epoch: Int, train: PassMetrics, validation: PassMetrics?, learningRate: Float, seconds: Double, isBest: Bool) {
        (self.epoch, self.train, self.validation, self.learningRate, self.seconds, self.isBest) =
            (epoch, train, validation, learningRate, seconds, isBest)
    }
}

/// Receives `fit`'s progress: a display, a CSV, a checkpoint every epoch; and may ask it to
/// stop (Ctrl-C). Every member has a default that does nothing.
public protocol FitLog {
    func batchEnded(epoch: Int, batch: Int, of batches: Int, loss: Float)
    func epochEnded(_ record: EpochRecord) throws
    /// Checked after every minibatch: true ends training there, without finishing the epoch.
    var shouldStop: Bool { get }
}

extension FitLog {
    public func batchEnded(epoch: Int, batch: Int, of batches: Int, loss: Float) {}
    public func epochEnded(_ record: EpochRecord) throws {}
    public var shouldStop: Bool { false }
}

/// A log that keeps nothing.
public struct SilentFitLog: FitLog { public init() {} }

/// Trains `model` on `train` for `settings.objective`, one optimizer step per minibatch, the
/// minibatches shuffled anew each epoch from `settings.seed` (which also draws augmentation
/// and noise); measures `validation` after every epoch in evaluation mode. Returns every
/// finished epoch's record. The model is left in evaluation mode.
public func fit(_ model: some Layer, train: LabelledDataset, validation: LabelledDataset?, settings: FitSettings,
                optimizer: some Optimizer, log: some FitLog = SilentFitLog()) throws -> [EpochRecord] {
    precondition(settings.epochs >= 1 && settings.batchSize >= 1, "fit needs at least one epoch and one example a batch")
    var generator = SeededGenerator(seed: settings.seed)
    var history: [EpochRecord] = []
    var bestLoss = Double.infinity, epochsWithoutImprovement = 0, step = 0
    let batchCount = (train.count + settings.batchSize - 1) / settings.batchSize
    for epoch in 1...settings.epochs {
        let started = Date()
        model.setTraining(true)
        var trained = PassMetrics(objective: settings.objective, classCount: train.classCount, topK: settings.topK)
        let parameters = model.parameters
        for (index, batch) in train.batches(size: settings.batchSize, shuffledWith: &generator).enumerated() {
            // A last minibatch of one example is left out: BatchNorm cannot take statistics of
            // one (PyTorch refuses it in training), and one example is noise for any model.
            if batch.features.shape[0] == 1 && train.count > 1 { continue }
            if let schedule = settings.schedule { optimizer.setLearningRate(from: schedule, at: step) }
            let input = settings.augment?(batch.features, &generator) ?? batch.features
            let (loss, logits) = settings.objective.loss(of: model, input: input, labels: batch.labels,
                                                         classCount: train.classCount, generator: &generator)
            var gradients = loss.gradients()[parameters]
            if let maxNorm = settings.maxGradientNorm { clipByGlobalNorm(&gradients, maxNorm: maxNorm) }
            optimizer.update(parameters, with: gradients)
            step += 1
            trained.add(meanLoss: loss.scalar, examples: batch.features.shape[0], logits: logits?.detached(), labels: batch.labels)
            log.batchEnded(epoch: epoch, batch: index + 1, of: batchCount, loss: loss.scalar)
            if log.shouldStop {
                model.setTraining(false)
                return history
            }
        }
        let validated = validation.map {
            evaluate(model, on: $0, objective: settings.objective, batchSize: settings.batchSize, topK: settings.topK)
        }
        // Without validation data the training loss decides what is best.
        let monitored = validated?.meanLoss ?? trained.meanLoss
        let isBest = monitored < bestLoss - settings.minimumImprovement
        if isBest {
            (bestLoss, epochsWithoutImprovement) = (monitored, 0)
            if let path = settings.bestCheckpointPath {
                try model.save(to: path, metadata: settings.checkpointMetadata.merging(["epoch": String(epoch)]) { $1 })
            }
        } else {
            epochsWithoutImprovement += 1
        }
        let record = EpochRecord(epoch: epoch, train: trained, validation: validated, learningRate: optimizer.learningRate,
                                 seconds: Date().timeIntervalSince(started), isBest: isBest)
        history.append(record)
        try log.epochEnded(record)
        if let patience = settings.earlyStoppingPatience, epochsWithoutImprovement >= patience { break }
    }
    model.setTraining(false)
    return history
}

/// The model's loss on `dataset` for `objective` (and for classification its accuracy, top-k
/// accuracy and confusion matrix), in evaluation mode, without recording gradients. Denoising
/// draws its noise from `seed`, the same every time.
public func evaluate(_ model: some Layer, on dataset: LabelledDataset, objective: Objective = .classification,
                     batchSize: Int = 256, topK: Int = 5, seed: UInt64 = 0) -> PassMetrics {
    model.setTraining(false)
    var metrics = PassMetrics(objective: objective, classCount: dataset.classCount, topK: topK)
    var generator = SeededGenerator(seed: seed)
    withoutGradients {
        for batch in dataset.batches(size: batchSize) {
            let (loss, logits) = objective.loss(of: model, input: batch.features, labels: batch.labels,
                                                classCount: dataset.classCount, generator: &generator)
            metrics.add(meanLoss: loss.scalar, examples: batch.features.shape[0], logits: logits, labels: batch.labels)
        }
    }
    return metrics
}

/// The predicted class of every example of `dataset` (of every position, for sequences), in
/// order; its labels are not read.
public func predict(_ model: some Layer, on dataset: LabelledDataset, batchSize: Int = 256) -> [Int] {
    model.setTraining(false)
    return withoutGradients {
        dataset.batches(size: batchSize).flatMap { batch in
            let output = model(batch.features)
            return output.reshaped([output.count / dataset.classCount, dataset.classCount]).argmax(alongAxis: 1)
        }
    }
}
