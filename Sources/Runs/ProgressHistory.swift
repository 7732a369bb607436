import Foundation

/// What a run's progress.csv already holds: its episodes and its greedy evaluations, read back
/// when the run is resumed so that the curve goes on where it stopped and `best.safetensors`
/// is replaced only by a better evaluation than the earlier ones.
public struct ProgressHistory {
    public var episodes: [(step: Int, episodeReturn: Double)] = []
    /// The `seconds` column of each episode's row: training time, over every process that trained the run.
    public var episodeSeconds: [Double] = []
    public var evaluations: [(step: Int, meanReturn: Double)] = []
    /// The `seconds` column of each evaluation's row.
    public var evaluationSeconds: [Double] = []
    /// The largest `seconds` of any row: the training time so far, which a resumed run counts on from.
    public var seconds = 0.0
    /// The largest step of any row.
    public var lastStep = 0

    public init() {}

    /// Reads `path`; a missing or unreadable file, or one without progress.csv's header, is an
    /// empty history, and rows it cannot read are left out. The file is appended line by line,
    /// so a kill may cut its last row: a last line without its newline is left out too.
    public init(contentsOf path: String) {
        self.init(text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// Reads the text of a progress.csv, as `init(contentsOf:)` does its file.
    public init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a cut row
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              header.map(String.init).starts(with: ProgressCSV.episodeColumns) else { return }
        let evaluationColumn = header.firstIndex(of: "eval_return")
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count, let step = Int(cells[0]) else { continue }
            if let rowSeconds = Double(cells[1]), rowSeconds.isFinite { seconds = max(seconds, rowSeconds) }
            lastStep = max(lastStep, step)
            if !cells[2].isEmpty, let value = Double(cells[3]) {
                episodes.append((step, value))
                episodeSeconds.append(Double(cells[1]) ?? .nan)
            } else if let evaluationColumn, let value = Double(cells[evaluationColumn]) {
                evaluations.append((step, value))
                evaluationSeconds.append(Double(cells[1]) ?? .nan)
            }
        }
    }

    /// Where the mean return of the last `window` games first reached `threshold`: the step and
    /// the seconds of the game that completed that window; nil if it never did (as CleanRL reads
    /// a curve's crossing from its running mean of 20 games).
    public func firstCrossing(of threshold: Double, window: Int = 20) -> (step: Int, seconds: Double)? {
        guard window >= 1, episodes.count >= window else { return nil }
        var sum = episodes[0..<window].reduce(0) { $0 + $1.episodeReturn }
        for end in window...episodes.count {
            if end > window { sum += episodes[end - 1].episodeReturn - episodes[end - 1 - window].episodeReturn }
            if sum / Double(window) >= threshold { return (episodes[end - 1].step, episodeSeconds[end - 1]) }
        }
        return nil
    }

    /// The best evaluation so far, nil when there was none.
    public var bestEvaluation: Double? { evaluations.map(\.meanReturn).max() }
}
