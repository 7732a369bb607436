import Foundation
import NN

/// `progress.csv`: one row per finished episode (step, seconds, episode, return, length) and
/// one per metrics report (step, seconds and the metric columns), in one table with empty
/// cells where a row has nothing, as Stable-Baselines3's CSV logger writes it. Rows are
/// appended and flushed as they come, so the file can be plotted while training runs and
/// survives a kill up to its last line.
public final class ProgressCSV {
    public let path: String
    /// The metric columns; a resumed file keeps the columns its header has.
    public let metricNames: [String]
    private let handle: FileHandle

    /// Creates the file with its header; or, resuming a run whose checkpoint was saved after
    /// `savedStep` steps, appends to the existing file under the columns its header already
    /// has (metrics it has no column for are left out). A resumed run trains again from
    /// `savedStep`, so the rows a killed run wrote after its last save are cut first, as is a
    /// row the kill cut short: the file then reads as if the run had stopped at the save,
    /// with no step twice.
    public init(path: String, metricNames: [String], resumingAfterStep savedStep: Int? = nil) throws {
        self.path = path
        var header: Substring?
        if let savedStep, let kept = try Self.rows(of: path, throughStep: savedStep) {
            header = kept.header
            if kept.changed { try AtomicFile.write(Array(kept.text.utf8), to: path) }
        }
        self.metricNames = header.map { $0.split(separator: ",").dropFirst(Self.episodeColumns.count).map(String.init) }
            ?? metricNames
        if header == nil {
            // A new file, or one whose header was never finished: begun again.
            let header = (Self.episodeColumns + self.metricNames).joined(separator: ",") + "\n"
            try AtomicFile.write(Array(header.utf8), to: path)
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw RunFolderError("\(path): cannot open the progress file for writing; check that the run folder is writable")
        }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    /// The file's header and its whole rows up to `savedStep`, as text, and whether that
    /// differs from the file; nil when there is no file or no whole header.
    private static func rows(of path: String, throughStep savedStep: Int) throws
        -> (header: Substring, text: String, changed: Bool)? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunFolderError("\(path): cannot read the progress file; check that the run folder is readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a row cut short
        guard let header = lines.first, header.split(separator: ",").map(String.init).starts(with: episodeColumns) else { return nil }
        let rows = lines.dropFirst().filter { (row: Substring) -> Bool in
            guard let first = row.split(separator: ",", maxSplits: 1).first, let step = Int(first) else { return false }
            return step <= savedStep
        }
        let kept = [header] + rows
        let keptText = kept.joined(separator: "\n") + "\n"
        return (header, keptText, keptText.utf8.count != data.count)
    }

    /// The columns every progress.csv starts with.
    public static let episodeColumns = ["step", "seconds", "episode", "return", "length"]

    /// The first write that failed (a full disk): the rows after it are not written, and the
    /// run stops on it (`RunLog`).
    public private(set) var failure: FileWriteError?

    deinit { try? handle.close() }

    public func episode(step: Int, seconds: Double, index: Int, episodeReturn: Double, length: Int) {
        append([String(step), Self.format(seconds), String(index), Self.format(episodeReturn), String(length)]
               + Array(repeating: "", count: metricNames.count))
    }

    public func metrics(step: Int, seconds: Double, values: [String: Double]) {
        append([String(step), Self.format(seconds), "", "", ""] + metricNames.map { values[$0].map(Self.format) ?? "" })
    }

    private func append(_ cells: [String]) {
        guard failure == nil else { return }
        let line = Array((cells.joined(separator: ",") + "\n").utf8)
        let code = line.withUnsafeBytes { writeFully(handle.fileDescriptor, $0) }
        if code != 0 {
            failure = FileWriteError(path: path, step: "append a row", code: code)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }
}
