import Datasets
import Foundation
import NN
import Randomness
import Tensors

/// How `fit` trains: epochs, minibatches, the seed of their order, and the callbacks Keras's
/// `fit` users know, as settings — a learning-rate schedule by step, early stopping on the
/// validation loss, a checkpoint of the best model.
public struct FitSettings: Sendable {
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

    public init(epochs: Int, batchSize: Int, seed: UInt64 = 1, schedule: (any LearningRateSchedule)? = nil,
                earlyStoppingPatience: Int? = nil, minimumImprovement: Double = 0, bestCheckpointPath: String? = nil, topK: Int = 5) {
        (self.epochs, self.batchSize, self.seed, self.schedule) = (epochs, batchSize, seed, schedule)
        (self.earlyStoppingPatience, self.minimumImprovement, self.bestCheckpointPath, self.topK) =
            (earlyStoppingPatience, minimumImprovement, bestCheckpointPath, topK)
    }
}

/// One epoch's figures, as Keras's History holds them.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var train: ClassificationMetrics
    public var validation: ClassificationMetrics?
    public var learningRate: Float
    public var seconds: Double
    /// Whether this epoch's model was saved as the best.
    public var isBest: Bool
}

/// Receives `fit`'s progress: a display, a CSV. Both calls have defaults that do nothing.
public protocol FitLog {
    func batchEnded(epoch: Int, batch: Int, of batches: Int, loss: Float)
    func epochEnded(_ record: EpochRecord)
}

extension FitLog {
    public func batchEnded(epoch: Int, batch: Int, of batches: Int, loss: Float) {}
    public func epochEnded(_ record: EpochRecord) {}
}

/// A log that keeps nothing.
public struct SilentFitLog: FitLog { public init() {} }

/// Trains `model` on `train` with softmax cross-entropy on its logits, one optimizer step per
/// minibatch, the minibatches shuffled anew each epoch from `settings.seed`; measures
/// `validation` after every epoch in evaluation mode. Returns every epoch's record. The model
/// is left in evaluation mode.
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
        var trained = ClassificationMetrics(classCount: train.classCount, topK: settings.topK)
        for (index, batch) in train.batches(size: settings.batchSize, shuffledWith: &generator).enumerated() {
            if let schedule = settings.schedule { optimizer.setLearningRate(from: schedule, at: step) }
            let logits = model(batch.features)
            let loss = softmaxCrossEntropy(logits: logits, labels: batch.labels)
            optimizer.update(model, with: loss.gradients())
            step += 1
            trained.add(logits: logits.detached(), labels: batch.labels, meanLoss: loss.scalar)
            log.batchEnded(epoch: epoch, batch: index + 1, of: batchCount, loss: loss.scalar)
        }
        let validated = validation.map { evaluate(model, on: $0, batchSize: settings.batchSize, topK: settings.topK) }
        // Without validation data the training loss decides what is best.
        let monitored = validated?.meanLoss ?? trained.meanLoss
        let isBest = monitored < bestLoss - settings.minimumImprovement
        if isBest {
            (bestLoss, epochsWithoutImprovement) = (monitored, 0)
            if let path = settings.bestCheckpointPath { try model.save(to: path, metadata: ["epoch": String(epoch)]) }
        } else {
            epochsWithoutImprovement += 1
        }
        let record = EpochRecord(epoch: epoch, train: trained, validation: validated, learningRate: optimizer.learningRate,
                                 seconds: Date().timeIntervalSince(started), isBest: isBest)
        history.append(record)
        log.epochEnded(record)
        if let patience = settings.earlyStoppingPatience, epochsWithoutImprovement >= patience { break }
    }
    model.setTraining(false)
    return history
}

/// The model's loss, accuracy, top-k accuracy and confusion matrix on `dataset`, in
/// evaluation mode, without recording gradients.
public func evaluate(_ model: some Layer, on dataset: LabelledDataset, batchSize: Int = 256, topK: Int = 5) -> ClassificationMetrics {
    model.setTraining(false)
    var metrics = ClassificationMetrics(classCount: dataset.classCount, topK: topK)
    withoutGradients {
        for batch in dataset.batches(size: batchSize) {
            let logits = model(batch.features)
            metrics.add(logits: logits, labels: batch.labels, meanLoss: softmaxCrossEntropy(logits: logits, labels: batch.labels).scalar)
        }
    }
    return metrics
}

/// The predicted class of every example of `dataset` (its labels are not read), in order.
public func predict(_ model: some Layer, on dataset: LabelledDataset, batchSize: Int = 256) -> [Int] {
    model.setTraining(false)
    return withoutGradients {
        dataset.batches(size: batchSize).flatMap { model($0.features).argmax(alongAxis: 1) }
    }
}
