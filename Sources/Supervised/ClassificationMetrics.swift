import Tensors

/// What a pass over labelled data measured, accumulated batch by batch: the mean loss,
/// accuracy, top-k accuracy and the confusion matrix (Keras's and torchmetrics' names).
public struct ClassificationMetrics: Sendable, Equatable {
    public let classCount: Int
    public let topK: Int
    public private(set) var count = 0
    public private(set) var lossSum = 0.0
    public private(set) var correct = 0
    public private(set) var topKCorrect = 0
    /// confusion[truth][prediction]: how many examples of class `truth` were predicted `prediction`.
    public private(set) var confusion: [[Int]]

    public init(classCount: Int, topK: Int = 5) {
        precondition(classCount > 0 && topK > 0, "metrics need classes and k ≥ 1")
        (self.classCount, self.topK) = (classCount, Swift.min(topK, classCount))
        confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// Adds a batch: logits [B, classes], its labels and its mean loss.
    public mutating func add(logits: Tensor, labels: [Int], meanLoss: Float) {
        precondition(logits.rank == 2 && logits.shape == [labels.count, classCount], "metrics need logits [\(labels.count), \(classCount)], got \(logits.shape)")
        let scores = logits.scalars
        for (row, label) in labels.enumerated() {
            let rowScores = scores[row * classCount..<(row + 1) * classCount]
            let predicted = rowScores.indices.max { rowScores[$0] < rowScores[$1] }! - row * classCount
            confusion[label][predicted] += 1
            if predicted == label { correct += 1 }
            // In the top k when fewer than k classes score strictly higher than the label (ties count for it).
            if rowScores.filter({ $0 > rowScores[row * classCount + label] }).count < topK { topKCorrect += 1 }
        }
        count += labels.count
        lossSum += Double(meanLoss) * Double(labels.count)
    }

    public var meanLoss: Double { count > 0 ? lossSum / Double(count) : 0 }
    public var accuracy: Double { count > 0 ? Double(correct) / Double(count) : 0 }
    public var topKAccuracy: Double { count > 0 ? Double(topKCorrect) / Double(count) : 0 }
}
