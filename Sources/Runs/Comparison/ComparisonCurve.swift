/// One line of a comparison: a run's smoothed game scores, or the mean over the seeds of one
/// configuration with a band of one standard deviation either side, as openrlbenchmark and
/// RL Zoo's plotting scripts draw seeds; and the run's (or the seeds' mean) greedy evaluations.
public struct ComparisonCurve {
    public let label: String
    public let runs: [ComparedRun]
    public let line: [(x: Double, y: Double)]
    /// Mean ± standard deviation across the seeds at each point of `line`; empty for one run.
    public let band: [(low: Double, high: Double)]
    public let evaluations: [(x: Double, y: Double)]

    /// Points of the common grid a group's seeds are averaged on.
    public static let gridPoints = 200

    /// The curve of one run.
    public init(run: ComparedRun, label: String, axis: ComparisonAxis, window: Int) {
        (self.label, runs, band) = (label, [run], [])
        line = Array(zip(run.gamePositions(on: axis), run.smoothedScores(window: window)))
            .filter { $0.0.isFinite }.map { (x: $0.0, y: $0.1) }
        evaluations = Array(zip(run.evaluationPositions(on: axis), run.history.evaluations.map(\.meanReturn)))
            .filter { $0.0.isFinite }.map { (x: $0.0, y: $0.1) }
    }

    /// The mean curve of several seeds. Each seed's smoothed curve is read, linearly
    /// interpolated, at `gridPoints` evenly spaced points over the stretch every seed covers
    /// (from the latest first game to the earliest last one). The k-th evaluations of the
    /// seeds (made at the same steps by the same configuration) are averaged, as far as every
    /// seed has one.
    public init(seeds: [ComparedRun], label: String, axis: ComparisonAxis, window: Int) {
        precondition(seeds.count >= 2, "a group of seeds has at least two runs")
        (self.label, runs) = (label, seeds)
        let curves = seeds.map { CurveSamples(x: $0.gamePositions(on: axis), y: $0.smoothedScores(window: window)) }
        let start = curves.map { $0.x.first ?? .infinity }.max() ?? .infinity
        let end = curves.map { $0.x.last ?? -.infinity }.min() ?? -.infinity
        var line: [(x: Double, y: Double)] = [], band: [(low: Double, high: Double)] = []
        if start.isFinite && end.isFinite && start <= end {
            let count = end > start ? Self.gridPoints : 1
            for i in 0..<count {
                let x = count == 1 ? start : start + (end - start) * Double(i) / Double(count - 1)
                let values = curves.map { $0.value(at: x) }
                let (mean, deviation) = Self.meanAndStandardDeviation(values)
                line.append((x, mean))
                band.append((mean - deviation, mean + deviation))
            }
        }
        (self.line, self.band) = (line, band)
        let evaluationCount = seeds.map(\.history.evaluations.count).min() ?? 0
        evaluations = (0..<evaluationCount).map { k in
            (x: Self.meanAndStandardDeviation(seeds.map { $0.evaluationPositions(on: axis)[k] }).mean,
             y: Self.meanAndStandardDeviation(seeds.map { $0.history.evaluations[k].meanReturn }).mean)
        }.filter { $0.x.isFinite }
    }

    /// The mean and the sample standard deviation (n − 1); 0 for one value.
    static func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }
}

/// A curve known at increasing x (games' steps or seconds), read between them linearly.
struct CurveSamples {
    let x: [Double]
    let y: [Double]

    /// y at `position` (within x's range): interpolated between the samples on either side;
    /// where several games ended at one x, the last of them.
    func value(at position: Double) -> Double {
        var low = 0, high = x.count - 1
        // The last sample at or before `position`.
        while low < high {
            let middle = (low + high + 1) / 2
            if x[middle] <= position { low = middle } else { high = middle - 1 }
        }
        guard low + 1 < x.count, x[low] < position else { return y[low] }
        let fraction = (position - x[low]) / (x[low + 1] - x[low])
        return y[low] + fraction * (y[low + 1] - y[low])
    }
}
