import Foundation

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

    /// Creates the file with its header, or with `resuming`, appends to an existing one under
    /// the columns its header already has (metrics it has no column for are left out).
    public init(path: String, metricNames: [String], resuming: Bool = false) throws {
        self.path = path
        let manager = FileManager.default
        // A file whose header was never finished is begun again.
        var header: Substring?
        if resuming, let data = manager.contents(atPath: path), let text = String(data: data, encoding: .utf8),
           let newline = text.firstIndex(of: "\n") {
            header = text[..<newline]
        }
        self.metricNames = header.map { $0.split(separator: ",").dropFirst(Self.episodeColumns.count).map(String.init) }
            ?? metricNames
        if header == nil {
            let header = (Self.episodeColumns + self.metricNames).joined(separator: ",") + "\n"
            guard manager.createFile(atPath: path, contents: Data(header.utf8)) else {
                throw RunFolderError("\(path): cannot create the progress file; check that the run folder is writable")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw RunFolderError("\(path): cannot open the progress file for writing")
        }
        self.handle = handle
        if resuming { try cutUnfinishedRow() }
        handle.seekToEndOfFile()
    }

    /// The columns every progress.csv starts with.
    public static let episodeColumns = ["step", "seconds", "episode", "return", "length"]

    /// A kill may have cut the file inside its last row: appending after that fragment would
    /// join it to the next row into one that reads as valid, so it is cut back to its last newline.
    private func cutUnfinishedRow() throws {
        let length = handle.seekToEndOfFile()
        var end = length
        while end > 0 {
            handle.seek(toFileOffset: end - 1)
            if handle.readData(ofLength: 1).first == UInt8(ascii: "\n") { break }
            end -= 1
        }
        guard end < length else { return }  // ends in a newline (a header at least: see init)
        do { try handle.truncate(atOffset: end) } catch {
            throw RunFolderError("\(path): cannot cut the unfinished last row before appending (\(error.localizedDescription))")
        }
    }

    deinit { try? handle.close() }

    public func episode(step: Int, seconds: Double, index: Int, episodeReturn: Double, length: Int) {
        append([String(step), Self.format(seconds), String(index), Self.format(episodeReturn), String(length)]
               + Array(repeating: "", count: metricNames.count))
    }

    public func metrics(step: Int, seconds: Double, values: [String: Double]) {
        append([String(step), Self.format(seconds), "", "", ""] + metricNames.map { values[$0].map(Self.format) ?? "" })
    }

    private func append(_ cells: [String]) {
        handle.write(Data((cells.joined(separator: ",") + "\n").utf8))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }
}
