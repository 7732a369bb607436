import Randomness
import Tensors

/// Labelled examples in memory: `count` examples of `exampleShape` (row-major, one after
/// another in `features`) and `labelsPerExample` class labels for each, in 0..<`classCount`:
/// one for an image, one per position for a sequence whose every next token is a label.
public struct LabelledDataset: Sendable {
    public let features: [Float]
    public let exampleShape: [Int]
    /// Each example's labels, one after another.
    public let labels: [Int]
    public let labelsPerExample: Int
    public let classCount: Int

    public init(features: [Float], exampleShape: [Int], labels: [Int], classCount: Int, labelsPerExample: Int = 1) {
        let size = exampleShape.reduce(1, *)
        precondition(labelsPerExample >= 1 && labels.count % labelsPerExample == 0,
                     "\(labels.count) labels do not make whole examples of \(labelsPerExample)")
        let count = labels.count / labelsPerExample
        precondition(features.count == count * size, "\(count) examples of \(exampleShape) need \(count * size) features, not \(features.count)")
        precondition(labels.allSatisfy { (0..<classCount).contains($0) }, "labels must lie in 0..<\(classCount)")
        (self.features, self.exampleShape, self.labels, self.classCount) = (features, exampleShape, labels, classCount)
        self.labelsPerExample = labelsPerExample
    }

    public var count: Int { labels.count / labelsPerExample }
    public var exampleSize: Int { exampleShape.reduce(1, *) }

    /// The examples at `indices`, in that order.
    public func subset<Indices: Collection<Int>>(_ indices: Indices) -> LabelledDataset {
        let size = exampleSize
        var picked = [Float](), pickedLabels = [Int]()
        picked.reserveCapacity(indices.count * size)
        for i in indices {
            picked += features[i * size..<(i + 1) * size]
            pickedLabels += labels(of: i)
        }
        return LabelledDataset(features: picked, exampleShape: exampleShape, labels: pickedLabels, classCount: classCount,
                               labelsPerExample: labelsPerExample)
    }

    /// The labels of example `index`.
    public func labels(of index: Int) -> ArraySlice<Int> {
        labels[index * labelsPerExample..<(index + 1) * labelsPerExample]
    }

    /// The first `count` examples and the rest: a validation split held out from a training set
    /// (Keras's validation_split takes the last ones; shuffle first for a random split).
    public func split(at count: Int) -> (first: LabelledDataset, rest: LabelledDataset) {
        precondition((0...self.count).contains(count), "cannot split \(self.count) examples at \(count)")
        return (subset(0..<count), subset(count..<self.count))
    }

    /// The minibatches of one epoch: `batchSize` examples each (the last one smaller when the
    /// count does not divide), in an order shuffled by `generator`, or in order without one.
    public func batches(size batchSize: Int, shuffledWith generator: inout SeededGenerator) -> Minibatches {
        var order = Array(0..<count)
        // From the dataset's own generator, so a seed fixes every epoch.
        generator.shuffle(&order)
        return Minibatches(dataset: self, order: order, batchSize: batchSize)
    }

    /// The minibatches in the dataset's own order (evaluation, prediction).
    public func batches(size batchSize: Int) -> Minibatches {
        Minibatches(dataset: self, order: Array(0..<count), batchSize: batchSize)
    }
}

/// One epoch's minibatches, made as they are iterated: features [B] + exampleShape, labels
/// [B · labelsPerExample].
public struct Minibatches: Sequence {
    let dataset: LabelledDataset
    let order: [Int]
    let batchSize: Int

    init(dataset: LabelledDataset, order: [Int], batchSize: Int) {
        precondition(batchSize >= 1, "a minibatch needs at least one example, got \(batchSize)")
        (self.dataset, self.order, self.batchSize) = (dataset, order, batchSize)
    }

    public var underestimatedCount: Int { (order.count + batchSize - 1) / batchSize }

    public func makeIterator() -> AnyIterator<(features: Tensor, labels: [Int])> {
        var start = 0
        let size = dataset.exampleSize
        return AnyIterator {
            guard start < order.count else { return nil }
            let indices = order[start..<Swift.min(start + batchSize, order.count)]
            start += batchSize
            var features = [Float](repeating: 0, count: indices.count * size)
            features.withUnsafeMutableBufferPointer { target in
                dataset.features.withUnsafeBufferPointer { source in
                    for (row, i) in indices.enumerated() {
                        (target.baseAddress! + row * size).update(from: source.baseAddress! + i * size, count: size)
                    }
                }
            }
            return (Tensor(shape: [indices.count] + dataset.exampleShape, scalars: features), indices.flatMap { dataset.labels(of: $0) })
        }
    }
}
