import Foundation
import Runs
import Supervised

/// What `rlrun fit` shows and keeps while it trains: a progress line (redrawn on a terminal,
/// every 10 s otherwise) and a line per epoch; after each epoch the run folder's
/// progress.csv, curve.svg and latest.safetensors, and the epoch's figures in its TensorBoard
/// event file (`fit/` and progress.csv's column name, at the epoch as step); Ctrl-C or SIGTERM stops it after the
/// current minibatch.
final class FitRunLog: FitLog {
    private let folder: RunFolder
    private let title: String
    private let epochs: Int
    private let examples: Int
    private let save: (Int) throws -> Void
    private let events: EventFile
    private var records: [EpochRecord] = []
    private var progress: ProgressDisplay
    private let started = Date()

    init(folder: RunFolder, title: String, epochs: Int, examples: Int, save: @escaping (Int) throws -> Void) throws {
        (self.folder, self.title, self.epochs, self.examples, self.save) = (folder, title, epochs, examples, save)
        events = try EventFile(folder: folder.path)
        progress = ProgressDisplay(totalSteps: epochs, firstStep: 0)
    }

    var shouldStop: Bool { RunLog.interrupted }

    func batchEnded(epoch: Int, batch: Int, of batches: Int, loss: Float) {
        let done = Double(epoch - 1) + Double(batch) / Double(batches)
        let seconds = Date().timeIntervalSince(started)
        let left = seconds / done * (Double(epochs) - done)
        progress.show(line: String(format: "epoch %d/%d  batch %d/%d  loss %.4f  %.0f examples/s  left %@", epoch, epochs, batch, batches,
                                   loss, done * Double(examples) / seconds, ProgressLine.duration(left)))
    }

    func epochEnded(_ record: EpochRecord) throws {
        records.append(record)
        progress.finish()
        var parts = [String(format: "epoch %d/%d  %.1f s  lr %.3g  train loss %.4f", record.epoch, epochs, record.seconds,
                            Double(record.learningRate), record.train.meanLoss)]
        if let accuracy = record.train.accuracy { parts.append(String(format: "accuracy %.4f", accuracy)) }
        if let validation = record.validation {
            parts.append(String(format: "validation loss %.4f", validation.meanLoss))
            if let accuracy = validation.accuracy { parts.append(String(format: "accuracy %.4f", accuracy)) }
        }
        if record.isBest { parts.append("(best)") }
        print(parts.joined(separator: "  "))
        try EpochCSV.write(records, to: folder.progressPath)
        events.write(step: record.epoch, scalars: EpochCSV.scalars(record).map { ("fit/" + $0.name, $0.value) })
        if let failure = events.failure { throw failure }
        try EpochCurve.write(title: title, records: records, to: folder.curvePath)
        try save(record.epoch)
    }

    func finish() { progress.finish() }
}
