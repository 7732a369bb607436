import ArgumentParser
import Foundation
import Runs

/// `rlrun compare runs/a runs/b …`: the runs' learning curves in one SVG, against steps or
/// training time, smoothed, with their evaluations; `--csv` prints what each reached;
/// `--group-seeds` makes the seeds of one configuration one mean curve with a band.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs' learning curves in one SVG, or as a table: rlrun compare runs/a runs/b … [--group-seeds] [--csv].",
        discussion: """
            Each run is its game score (the mean of the last --window games) and its greedy evaluations. \
            With --group-seeds, runs whose configurations differ only in the seed are drawn as their mean with a band of \
            one standard deviation, and the table gives the mean and standard deviation over the seeds. \
            With --csv, the table goes to standard output and the SVG is written only if --output names it.
            """)

    @Argument(help: "Run folders (two or more, or one to see it alone).")
    var runFolders: [String]

    @Option(help: "The x axis: steps (environment steps) or time (training time).")
    var x: ComparisonAxis = .steps

    @Option(help: "Games in the running mean that smooths each curve.")
    var window = 100

    @Flag(help: "Draw the seeds of one configuration as their mean with a band.")
    var groupSeeds = false

    @Flag(help: "Print a table (CSV): steps, time, final game score, final and best evaluation.")
    var csv = false

    @Option(help: "Where to write the SVG (default: compare.svg; with --csv, none unless given).")
    var output: String?

    @Option(help: "The chart's title.")
    var title: String?

    func validate() throws {
        guard !runFolders.isEmpty else { throw ValidationError("give at least one run folder: rlrun compare runs/a runs/b") }
        guard window >= 1 else { throw ValidationError("--window \(window): the running mean needs at least 1 game") }
    }

    func run() throws {
        let comparison = Comparison(runs: try runFolders.map(ComparedRun.init(folder:)), axis: x, window: window, groupingSeeds: groupSeeds)
        if csv { print(comparison.csv, terminator: "") }
        guard let path = output ?? (csv ? nil : "compare.svg") else { return }
        try comparison.writeSVG(to: path, title: title)
        let what = comparison.curves.map { "\($0.label)" + ($0.runs.count > 1 ? " (mean of \($0.runs.count))" : "") }
        let line = "\(path): \(what.joined(separator: "; "))\n"
        // Beside a table on standard output, the line goes to standard error, out of the table's way.
        if csv { FileHandle.standardError.write(Data(line.utf8)) } else { print(line, terminator: "") }
    }
}

extension ComparisonAxis: ExpressibleByArgument {}
