import Datasets
import Foundation
import Supervised
import Tensors

/// How `rlrun fit` prints what a pass measured: the loss, the accuracies and the confusion
/// matrix with the classes' names.
enum FitReport {
    /// `perPosition`: the examples are sequences labelled at every position (text).
    static func print(_ metrics: PassMetrics, classNames: [String]?, objective: Objective, perPosition: Bool) {
        switch objective {
        case .classification, .largeMargin:
            let classification = metrics.classification!
            Swift.print(String(format: "  loss %.4f nats per %@  accuracy %.4f  top-%d accuracy %.4f", metrics.meanLoss,
                               perPosition ? "character" : "example", classification.accuracy, classification.topK, classification.topKAccuracy))
            if classification.classCount <= 20 { printConfusion(classification, names: classNames) }
        case .denoising:
            Swift.print(String(format: "  reconstruction loss (mean squared error per pixel) %.5f", metrics.meanLoss))
        }
    }

    /// Rows are the true classes, columns the predicted ones.
    private static func printConfusion(_ metrics: ClassificationMetrics, names: [String]?) {
        let labels = (0..<metrics.classCount).map { names?[$0] ?? String($0) }
        let width = max(labels.map(\.count).max()!, 11)
        Swift.print("  confusion matrix (rows: true class, columns: predicted class " + (0..<metrics.classCount).map(String.init).joined(separator: ", ") + "):")
        for (index, row) in metrics.confusion.enumerated() {
            let name = "\(index) \(labels[index])".padding(toLength: width + 2, withPad: " ", startingAt: 0)
            Swift.print("  " + name + row.map { String(format: "%6d", $0) }.joined())
        }
    }

    /// The first example of each class (as many as `count` classes), as one batch [N, ...]:
    /// the images a picture shows.
    static func firstOfEachClass(_ dataset: LabelledDataset, count: Int) -> Tensor {
        var picked: [Int] = []
        for index in 0..<dataset.count where picked.count < count && !picked.contains(where: { dataset.labels[$0] == dataset.labels[index] }) {
            picked.append(index)
        }
        return dataset.subset(picked).batches(size: picked.count).first { _ in true }!.features
    }
}
