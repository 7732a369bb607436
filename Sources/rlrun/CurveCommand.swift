import ArgumentParser
import Presets
import Runs

/// `rlrun curve <run>`: draws a run's learning curve again from its progress.csv, as
/// Stable-Baselines3's `plot_results` draws one from its monitor files: for a run made before
/// the curve marked evaluations, or into a file of its own to put beside a report.
struct CurveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve",
        abstract: "Draw a run's learning curve again from its progress.csv: rlrun curve runs/<run> [--output file.svg].")

    @Argument(help: "A run folder.")
    var runFolder: String

    @Option(help: "Where to write the SVG (default: the run's own curve.svg).")
    var output: String?

    @Option(name: .customLong("crossing"), help: "Also print where the mean of the last 20 training games first reached this return (repeatable: --crossing 0 --crossing 18).")
    var crossings: [Double] = []

    func run() throws {
        let folder = try RunFolder.existing(at: runFolder)
        let configuration = try RunConfiguration(document: try TOMLParser.parse(folder.readConfiguration()), source: folder.configPath)
        let history = ProgressHistory(contentsOf: folder.progressPath)
        guard !history.episodes.isEmpty || !history.evaluations.isEmpty else {
            throw CommandLineError("\(folder.progressPath): no episode or evaluation to draw yet; let the run train longer")
        }
        let path = output ?? folder.curvePath
        try LearningCurve.write(title: configuration.curveTitle, points: history.episodes, evaluations: history.evaluations, to: path)
        print("\(path): \(history.episodes.count) episodes, \(history.evaluations.count) evaluations")
        for threshold in crossings {
            if let (step, seconds) = history.firstCrossing(of: threshold) {
                print(String(format: "mean of the last 20 games first reached %g at step %d, %.1f minutes in", threshold, step, seconds / 60))
            } else {
                print(String(format: "mean of the last 20 games never reached %g", threshold))
            }
        }
    }
}
