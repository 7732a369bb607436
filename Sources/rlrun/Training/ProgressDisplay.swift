import Foundation
import Runs

/// What a training run shows while it works (`ProgressLine`). On a terminal one line is
/// redrawn in place; otherwise (a log file, ssh without a tty, CI) a plain line is printed
/// every `interval` seconds.
struct ProgressDisplay {
    let totalSteps: Int
    let isTerminal: Bool
    let interval: Double
    private var lastShown = -Double.infinity
    private let started = Date()
    private let firstStep: Int

    init(totalSteps: Int, firstStep: Int, isTerminal: Bool = isatty(STDOUT_FILENO) != 0, interval: Double? = nil) {
        (self.totalSteps, self.firstStep, self.isTerminal) = (totalSteps, firstStep, isTerminal)
        self.interval = interval ?? (isTerminal ? 0.25 : 10)
    }

    /// Shows the state if the last line is older than the interval (or `force`).
    mutating func show(step: Int, meanReturn: Double?, games: Int, metrics: [String: Double], lastEvaluation: ProgressLine.Evaluation? = nil,
                       nextEvaluation: Int? = nil, force: Bool = false) {
        let now = Date().timeIntervalSince(started), (totalSteps, firstStep) = (totalSteps, firstStep)
        show(line: ProgressLine.text(step: step, totalSteps: totalSteps, stepsDone: step - firstStep, seconds: now, meanReturn: meanReturn,
                             games: games, metrics: metrics, lastEvaluation: lastEvaluation, nextEvaluation: nextEvaluation),
             force: force)
    }

    /// Shows `line` if the last one is older than the interval (or `force`).
    mutating func show(line: @autoclosure () -> String, force: Bool = false) {
        let now = Date().timeIntervalSince(started)
        guard force || now - lastShown >= interval else { return }
        lastShown = now
        let line = line()
        if isTerminal {
            print("\r\u{1B}[K" + line, terminator: "")
        } else {
            print(line)
        }
        fflush(nil)  // every output stream: stdout itself is not concurrency-safe to name in Swift 6
    }

    /// Ends the redrawn line so that what follows starts on its own.
    func finish() { if isTerminal { print("") } }
}
