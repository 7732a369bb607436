import Dispatch

/// Where an on-policy agent's time goes, in seconds since its `train` call began: stepping
/// the environments, acting (the forward passes that pick actions and bootstrap values), and
/// learning (returns, minibatches, gradients, optimizer steps). Recorded with the training
/// metrics, so that progress.csv shows how a run spends the machine; it changes nothing in
/// the run itself.
struct PhaseTimes {
    var environment = 0.0, acting = 0.0, learning = 0.0

    static let metricNames = ["seconds_environment", "seconds_acting", "seconds_learning"]

    var metrics: [String: Double] {
        ["seconds_environment": environment, "seconds_acting": acting, "seconds_learning": learning]
    }

    /// Runs `body`, adding its wall-clock time to `phase`.
    static func timing<Result>(_ phase: inout Double, _ body: () throws -> Result) rethrows -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { phase += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}
