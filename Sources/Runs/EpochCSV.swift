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
        let rows = records.map { r in ([String(r.epoch)] + figures(r).map { cell($0.value) }).joined(separator: ",") }
        return ([columns.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }

    /// The epoch's figures under their column names, the epoch itself left out.
    public static func figures(_ r: EpochRecord) -> [(name: String, value: Double?)] {
        Array(zip(columns.dropFirst(), [r.seconds, Double(r.learningRate), r.train.meanLoss, r.train.accuracy,
                                         r.validation?.meanLoss, r.validation?.accuracy, r.validation?.topKAccuracy]))
    }

    /// The figures the epoch has, as TensorBoard scalars: everything but the time.
    public static func scalars(_ r: EpochRecord) -> [(name: String, value: Double)] {
        figures(r).compactMap { name, value in name == "seconds" ? nil : value.map { (name, $0) } }
    }

    public static func write(_ records: [EpochRecord], to path: String) throws {
        try AtomicFile.write(Array(text(records).utf8), to: path)
    }
}
