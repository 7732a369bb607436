import Foundation
import NN
import Supervised

/// progress.csv of a supervised run: one row per epoch, rewritten whole (atomically) after
/// each, with empty cells where a figure does not apply (accuracy of a denoiser).
public enum EpochCSV {
    public static let columns = ["epoch", "seconds", "learning_rate", "train_loss", "train_accuracy",
                                 "val_loss", "val_accuracy", "val_top_k_accuracy"]

    public static func text(_ records: [EpochRecord]) -> String {
        func cell(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "" }
        let rows = records.map { r in
            [String(r.epoch), cell(r.seconds), cell(Double(r.learningRate)), cell(r.train.meanLoss), cell(r.train.accuracy),
             cell(r.validation?.meanLoss), cell(r.validation?.accuracy), cell(r.validation?.topKAccuracy)].joined(separator: ",")
        }
        return ([columns.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }

    public static func write(_ records: [EpochRecord], to path: String) throws {
        try AtomicFile.write(Array(text(records).utf8), to: path)
    }
}
