import Foundation

/// What a training run shows while it works: steps, steps per second, the recent mean return,
/// ε or the loss, and the time left. On a terminal one line is redrawn in place; otherwise
/// (a log file, ssh without a tty, CI) a plain line is printed every `interval` seconds.
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
    mutating func show(step: Int, meanReturn: Double?, episodes: Int, metrics: [String: Double], force: Bool = false) {
        let now = Date().timeIntervalSince(started), (totalSteps, firstStep) = (totalSteps, firstStep)
        show(line: Self.line(step: step, totalSteps: totalSteps, stepsDone: step - firstStep, seconds: now,
                             meanReturn: meanReturn, episodes: episodes, metrics: metrics), force: force)
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

    static func line(step: Int, totalSteps: Int, stepsDone: Int, seconds: Double, meanReturn: Double?, episodes: Int,
                     metrics: [String: Double]) -> String {
        let rate = seconds > 0 ? Double(stepsDone) / seconds : 0
        var parts = ["step \(step)/\(totalSteps) (\(totalSteps > 0 ? 100 * step / totalSteps : 100)%)", "\(Int(rate)) steps/s"]
        parts.append(meanReturn.map { String(format: "return %.2f (%d episodes)", $0, episodes) } ?? "no episode yet")
        // DQN's ε and loss; the policy-gradient agents' entropy, which tells whether the policy moves.
        for name in ["epsilon", "loss", "entropy"] { if let value = metrics[name] { parts.append(String(format: "%@ %.4g", name == "epsilon" ? "ε" : name, value)) } }
        if rate > 0 { parts.append("left " + duration(Double(max(totalSteps - step, 0)) / rate)) }
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e9 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
