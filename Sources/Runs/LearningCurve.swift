import Foundation
import NN

/// `curve.svg`: episode returns against environment steps, each episode a faint dot and the
/// mean of the last `window` episodes a line, the greedy evaluations (when the run makes them)
/// a second line with a mark each, with labelled axes. SVG so that it is small,
/// sharp at any size and needs no image library; written atomically so a viewer never reads
/// half a file.
public enum LearningCurve {
    public static func svg(title: String, points: [(step: Int, episodeReturn: Double)],
                           evaluations: [(step: Int, meanReturn: Double)] = [], window: Int = 100,
                           width: Int = 720, height: Int = 400) -> String {
        let left = 64.0, right = 16.0, top = 32.0, bottom = 40.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(left)\" y=\"20\" font-size=\"14\">\(SVGText.escaped(title))</text>",
        ]
        // A long run (Breakout's lives are episodes: tens of thousands) draws an evenly spaced
        // share of its episodes, so that the file stays small and quick to redraw; the running
        // mean is over every episode, drawn at as many points. A run evaluated very often is
        // thinned the same way. The axes fit what is drawn.
        let dotStride = markStride(points.count)
        let dots = Swift.stride(from: 0, to: points.count, by: dotStride).map { points[$0] }
        let running = runningMeans(points.map(\.episodeReturn), window: window)
        let means = points.indices.filter { $0 % dotStride == 0 || $0 == points.count - 1 }.map { (step: points[$0].step, mean: running[$0]) }
        let evaluationStride = markStride(evaluations.count)
        let evaluations = evaluations.enumerated()
            .filter { $0.offset % evaluationStride == 0 || $0.offset == evaluations.count - 1 }.map(\.element)

        let maxStep = Double(max(points.map(\.step).max() ?? 1, evaluations.map(\.step).max() ?? 1, 1))
        let returns = dots.map(\.episodeReturn) + means.map(\.mean) + evaluations.map(\.meanReturn)
        var low = returns.min() ?? 0, high = returns.max() ?? 1
        if high - low < 1e-9 { (low, high) = (low - 1, high + 1) }
        func x(_ step: Double) -> Double { left + step / maxStep * plotWidth }
        func y(_ value: Double) -> Double { top + (1 - (value - low) / (high - low)) * plotHeight }
        // Axes with five ticks each.
        lines.append("<path d=\"M\(left),\(top) V\(top + plotHeight) H\(left + plotWidth)\" stroke=\"black\" fill=\"none\"/>")
        for i in 0...4 {
            let fraction = Double(i) / 4
            let value = low + fraction * (high - low), step = fraction * maxStep
            lines.append("<text x=\"\(left - 6)\" y=\(SVGText.quote(y(value) + 4)) text-anchor=\"end\">\(SVGText.label(value))</text>")
            lines.append("<text x=\(SVGText.quote(x(step))) y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(SVGText.label(step))</text>")
        }
        lines.append("<text x=\"\(left + plotWidth / 2)\" y=\"\(Double(height) - 6)\" text-anchor=\"middle\">environment steps</text>")
        lines.append("<text x=\"14\" y=\"\(top + plotHeight / 2)\" transform=\"rotate(-90 14 \(top + plotHeight / 2))\" text-anchor=\"middle\">episode return</text>")
        // The episodes, then the running mean.
        for point in dots {
            lines.append("<circle cx=\(SVGText.quote(x(Double(point.step)))) cy=\(SVGText.quote(y(point.episodeReturn))) r=\"1.5\" fill=\"#9bb7d4\"/>")
        }
        if !means.isEmpty {
            let path = means.enumerated().map { i, point in
                (i == 0 ? "M" : "L") + "\(SVGText.rounded(x(Double(point.step)))),\(SVGText.rounded(y(point.mean)))"
            }.joined(separator: " ")
            lines.append("<path d=\"\(path)\" stroke=\"#1f4e79\" stroke-width=\"2\" fill=\"none\"/>")
            lines.append("<text x=\"\(left + plotWidth)\" y=\"20\" text-anchor=\"end\">line: mean of the last \(window) episodes</text>")
        }
        if !evaluations.isEmpty {
            let path = evaluations.enumerated().map { i, evaluation in
                (i == 0 ? "M" : "L") + "\(SVGText.rounded(x(Double(evaluation.step)))),\(SVGText.rounded(y(evaluation.meanReturn)))"
            }.joined(separator: " ")
            lines.append("<path d=\"\(path)\" stroke=\"\(evaluationColour)\" stroke-width=\"1.5\" fill=\"none\"/>")
            for evaluation in evaluations {
                lines.append("<rect x=\(SVGText.quote(x(Double(evaluation.step)) - 3)) y=\(SVGText.quote(y(evaluation.meanReturn) - 3)) width=\"6\" height=\"6\" fill=\"\(evaluationColour)\"/>")
            }
            lines.append("<text x=\"\(left + plotWidth)\" y=\"\(Double(height) - 6)\" text-anchor=\"end\" fill=\"\(evaluationColour)\">squares: greedy evaluations</text>")
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func write(title: String, points: [(step: Int, episodeReturn: Double)],
                             evaluations: [(step: Int, meanReturn: Double)] = [], to path: String) throws {
        try AtomicFile.write(Array(svg(title: title, points: points, evaluations: evaluations).utf8), to: path)
    }

    private static let evaluationColour = "#d9822b"

    /// The most episode dots (and points of the mean's line, and evaluations) one curve draws.
    static let maxMarks = 2_000

    /// Every how many of `count` marks one is drawn, so that at most `maxMarks` are.
    private static func markStride(_ count: Int) -> Int { max((count + maxMarks - 1) / maxMarks, 1) }
}
