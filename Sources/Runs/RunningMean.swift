/// The mean of the last `window` values at each value (of all of them, while fewer have come):
/// how a learning curve smooths its episodes' returns, as SB3's `ep_rew_mean` and CleanRL's
/// plots do.
func runningMeans(_ values: [Double], window: Int) -> [Double] {
    var means: [Double] = []
    means.reserveCapacity(values.count)
    var sum = 0.0
    for (i, value) in values.enumerated() {
        sum += value
        if i >= window { sum -= values[i - window] }
        means.append(sum / Double(min(i + 1, window)))
    }
    return means
}
