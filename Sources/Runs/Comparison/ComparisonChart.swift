import Foundation
import NN

/// The chart of a comparison: each curve a colour, its smoothed game score a solid line (a
/// group's mean, over a band of ± one standard deviation), its evaluations squares on a
/// dashed line; a legend below the plot names the curves.
extension Comparison {
    /// Tableau's ten colours, which stay apart for most kinds of colour blindness.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    public func svg(title: String? = nil, width: Int = 800, plotHeight: Int = 400) -> String {
        let legendHeight = 22 * curves.count + 30
        let height = 32 + plotHeight + 44 + legendHeight
        let xs = curves.flatMap { $0.line.map(\.x) + $0.evaluations.map(\.x) }
        let ys = curves.flatMap { curve in curve.line.map(\.y) + curve.band.flatMap { [$0.low, $0.high] } + curve.evaluations.map(\.y) }
            .filter(\.isFinite)
        let plot = SVGPlot(width: Double(width) - 64 - 24, height: Double(plotHeight),
                           x: 0...(xs.max() ?? 1), y: (ys.min() ?? 0)...(ys.max() ?? 1))
        let heading = title ?? (groupsSeeds ? "mean of seeds, band ± one standard deviation" : "\(runs.count) runs")
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"64\" y=\"20\" font-size=\"14\">\(SVGText.escaped(heading))</text>",
        ]
        lines += plot.axes(xTitle: axis.title, yTitle: "game score, mean of the last \(window) games",
                           xLabel: axis == .steps ? SVGText.label : SVGText.duration)
        for (index, curve) in curves.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            if let band = plot.band(x: curve.line.map(\.x), low: curve.band.map(\.low), high: curve.band.map(\.high), colour: colour) {
                lines.append(band)
            }
            if let line = plot.path(curve.line, colour: colour) { lines.append(line) }
            if let evaluations = plot.path(curve.evaluations, colour: colour, width: 1.5, dashed: true) { lines.append(evaluations) }
            lines += curve.evaluations.map { plot.square($0, colour: colour) }
        }
        // The legend: a swatch and the label of each curve, then what the marks mean.
        var y = Double(32 + plotHeight + 44 + 14)
        for (index, curve) in curves.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            lines.append("<rect x=\"64\" y=\"\(y - 9)\" width=\"18\" height=\"4\" fill=\"\(colour)\"/>")
            lines.append("<text x=\"90\" y=\"\(y - 3)\">\(SVGText.escaped(curve.label))</text>")
            y += 22
        }
        lines.append("<text x=\"64\" y=\"\(y - 3)\" fill=\"#555\">lines: game score, mean of the last \(window) games; squares on dashes: greedy evaluations</text>")
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    public func writeSVG(to path: String, title: String? = nil) throws {
        try AtomicFile.write(Array(svg(title: title).utf8), to: path)
    }
}
