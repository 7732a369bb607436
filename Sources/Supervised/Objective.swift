import Datasets
import NN
import Randomness
import Tensors

/// What a model is trained to do with a minibatch, and so its loss.
public enum Objective: Sendable, Equatable {
    /// Softmax cross-entropy of the logits [..., classes] against the labels: one label an
    /// example for images, one a position for a sequence whose next tokens are its labels
    /// (the logits [N, T, classes] are read as N·T rows).
    case classification
    /// The model rebuilds each example from a copy corrupted with Gaussian noise of standard
    /// deviation `noise`, clipped to [0, 1]; the loss is the mean squared error to the clean
    /// example (a denoising autoencoder, Vincent et al. 2008). Labels are not read.
    case denoising(noise: Float)
    /// The large-margin classification loss of DQfD (Hester et al. 2018, eq. 2) on outputs read
    /// as action values: max over a of Q(s, a) + margin·[a ≠ label], minus Q(s, label). It makes
    /// the demonstrated action the greedy one by `margin` without pushing the values apart
    /// the way cross-entropy pushes logits, so that they stay values TD learning can go on from.
    case largeMargin(margin: Float)

    /// The minibatch's mean loss (differentiable) and, for classification, its logits as rows
    /// [labels, classes] to measure. Noise is drawn from `generator`.
    func loss(of model: some Layer, input: Tensor, labels: [Int], classCount: Int,
              generator: inout SeededGenerator) -> (loss: Tensor, logits: Tensor?) {
        switch self {
        case .classification:
            let output = model(input)
            precondition(output.count == labels.count * classCount,
                         "the model's output \(output.shape) does not hold \(classCount) logits for each of \(labels.count) labels")
            let logits = output.reshaped([labels.count, classCount])
            return (softmaxCrossEntropy(logits: logits, labels: labels), logits)
        case let .denoising(noise):
            let corrupted = Self.corrupt(input, noise: noise, generator: &generator)
            return (meanSquaredError(predicted: model(corrupted), target: input), nil)
        case let .largeMargin(margin):
            let values = model(input).reshaped([labels.count, classCount])
            var margins = [Float](repeating: margin, count: labels.count * classCount)
            for (row, label) in labels.enumerated() { margins[row * classCount + label] = 0 }
            let best = (values + Tensor(shape: values.shape, scalars: margins)).max(alongAxis: 1)
            return ((best - values.gather(alongAxis: 1, indices: labels).reshaped([labels.count])).mean(), values)
        }
    }

    /// `clean` plus N(0, noise²) noise, clipped to [0, 1] as pixels are.
    public static func corrupt(_ clean: Tensor, noise: Float, generator: inout SeededGenerator) -> Tensor {
        (clean + Tensor.normal(shape: clean.shape, standardDeviation: noise, generator: &generator)).clamped(min: 0, max: 1)
    }
}

/// What a pass over a dataset measured: the mean loss and, for classification, accuracy,
/// top-k accuracy and the confusion matrix.
public struct PassMetrics: Sendable, Equatable {
    /// Examples (positions of sequences, for classification of every position) measured.
    public private(set) var count = 0
    private var lossSum = 0.0
    public private(set) var classification: ClassificationMetrics?

    public init(objective: Objective, classCount: Int, topK: Int) {
        switch objective {
        case .classification, .largeMargin: classification = ClassificationMetrics(classCount: classCount, topK: topK)
        case .denoising: classification = nil
        }
    }

    /// Adds a minibatch of `examples` with mean loss `meanLoss`, and for classification its
    /// logit rows and labels: then the loss is a mean over the labels (a sequence's positions).
    mutating func add(meanLoss: Float, examples: Int, logits: Tensor?, labels: [Int]) {
        if let logits { classification?.add(logits: logits, labels: labels, meanLoss: meanLoss) }
        let counted = logits == nil ? examples : labels.count
        count += counted
        lossSum += Double(meanLoss) * Double(counted)
    }

    public var meanLoss: Double { count > 0 ? lossSum / Double(count) : 0 }
    public var accuracy: Double? { classification?.accuracy }
    public var topKAccuracy: Double? { classification?.topKAccuracy }
}
