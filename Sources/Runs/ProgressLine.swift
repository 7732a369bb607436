import Foundation

/// The line a training run shows while it works: steps, steps per second, the game score, the
/// last evaluation and when the next is due, ε or the loss, and the time left.
public enum ProgressLine {
    /// The last greedy evaluation: its mean game score and the step it was made at.
    public struct Evaluation: Sendable {
        public let meanReturn: Double
        public let step: Int

        public init(meanReturn: Double, step: Int) { (self.meanReturn, self.step) = (meanReturn, step) }
    }

    /// `step 250,000/10,000,000 (2%)  812 steps/s  score 12.40 (last 100 of 640 games)  eval 30.50 at 200,000, next in 1m02s  ε 0.1  loss 0.012  left 3h20m`:
    /// the score is the game's (whole games, not lives; unclipped), as Stable-Baselines3's
    /// `ep_rew_mean` and CleanRL's `episodic_return` are.
    public static func text(step: Int, totalSteps: Int, stepsDone: Int, seconds: Double, meanReturn: Double?, games: Int,
                            metrics: [String: Double], lastEvaluation: Evaluation? = nil, nextEvaluation: Int? = nil) -> String {
        let rate = seconds > 0 ? Double(stepsDone) / seconds : 0
        var parts = ["step \(grouped(step))/\(grouped(totalSteps)) (\(totalSteps > 0 ? 100 * step / totalSteps : 100)%)", "\(Int(rate)) steps/s"]
        parts.append(meanReturn.map { String(format: "score %.2f (last %d of %d games)", $0, min(games, 100), games) } ?? "no game ended yet")
        if let nextEvaluation {
            let next = nextEvaluation > totalSteps ? "" : rate > 0
                ? ", next in " + duration(Double(max(nextEvaluation - step, 0)) / rate) : ", next at \(grouped(nextEvaluation))"
            parts.append((lastEvaluation.map { String(format: "eval %.2f at %@", $0.meanReturn, grouped($0.step)) } ?? "no eval yet") + next)
        }
        // DQN's ε and loss; the policy-gradient agents' entropy, which tells whether the policy moves.
        for name in ["epsilon", "loss", "entropy"] { if let value = metrics[name] { parts.append(String(format: "%@ %.4g", name == "epsilon" ? "ε" : name, value)) } }
        if rate > 0 { parts.append("left " + duration(Double(max(totalSteps - step, 0)) / rate)) }
        return parts.joined(separator: "  ")
    }

    /// 1234567 as "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e9 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
