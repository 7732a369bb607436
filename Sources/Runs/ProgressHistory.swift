import Foundation

/// What a run's progress.csv already holds: its episodes and its greedy evaluations, read back
/// when the run is resumed so that the curve goes on where it stopped and `best.safetensors`
/// is replaced only by a better evaluation than the earlier ones.
public struct ProgressHistory {
    public var episodes: [(step: Int, episodeReturn: Double)] = []
    public var evaluations: [(step: Int, meanReturn: Double)] = []

    public init() {}

    /// Reads `path`; a missing or unreadable file, or one without progress.csv's header, is an
    /// empty history, and rows it cannot read are left out. The file is appended line by line,
    /// so a kill may cut its last row: a last line without its newline is left out too.
    public init(contentsOf path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a cut row
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              header.map(String.init).starts(with: ProgressCSV.episodeColumns) else { return }
        let evaluationColumn = header.firstIndex(of: "eval_return")
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count, let step = Int(cells[0]) else { continue }
            if !cells[2].isEmpty, let value = Double(cells[3]) {
                episodes.append((step, value))
            } else if let evaluationColumn, let value = Double(cells[evaluationColumn]) {
                evaluations.append((step, value))
            }
        }
    }

    /// The best evaluation so far, nil when there was none.
    public var bestEvaluation: Double? { evaluations.map(\.meanReturn).max() }
}
