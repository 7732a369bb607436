import Foundation

/// One plot of an SVG chart: the data ranges mapped into a frame, axes with labelled round
/// ticks, and lines and marks drawn in data coordinates.
struct SVGPlot {
    var left = 64.0, top = 32.0, width: Double, height: Double
    var xRange: ClosedRange<Double>, yRange: ClosedRange<Double>

    /// Where the ticks go: round values (1, 2, 2.5 or 5 times a power of ten apart).
    let xTicks: [Double], yTicks: [Double]

    /// A frame whose ranges are widened to round tick values; a flat series is padded so that
    /// it is still drawn in the middle.
    init(left: Double = 64, top: Double = 32, width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        (self.left, self.top, self.width, self.height) = (left, top, width, height)
        (xRange, xTicks) = Self.roundTicks(x.upperBound - x.lowerBound < 1e-9 ? x.lowerBound...(x.lowerBound + 1) : x)
        (yRange, yTicks) = Self.roundTicks(y.upperBound - y.lowerBound < 1e-9 ? (y.lowerBound - 1)...(y.upperBound + 1) : y)
    }

    /// Four to seven ticks a round step apart covering `range` (the smallest such step that
    /// needs at most six intervals for the range itself), and the range from the first to the last.
    static func roundTicks(_ range: ClosedRange<Double>) -> (ClosedRange<Double>, [Double]) {
        let raw = (range.upperBound - range.lowerBound) / 6
        let power = pow(10, (log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-9) }!
        let first = (range.lowerBound / step).rounded(.down), last = (range.upperBound / step).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return (ticks.first!...ticks.last!, ticks)
    }

    func x(_ value: Double) -> Double { left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width }
    func y(_ value: Double) -> Double { top + (1 - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * height }

    /// The two axes, their ticks' labels (`xLabel` formats an x value) and their titles.
    func axes(xTitle: String, yTitle: String, xLabel: (Double) -> String = SVGText.label) -> [String] {
        var lines = ["<path d=\"M\(left),\(top) V\(top + height) H\(left + width)\" stroke=\"black\" fill=\"none\"/>"]
        for value in yTicks {
            lines.append("<text x=\"\(left - 6)\" y=\(SVGText.quote(y(value) + 4)) text-anchor=\"end\">\(SVGText.label(value))</text>")
        }
        for position in xTicks {
            lines.append("<text x=\(SVGText.quote(x(position))) y=\"\(top + height + 16)\" text-anchor=\"middle\">\(xLabel(position))</text>")
        }
        lines.append("<text x=\"\(left + width / 2)\" y=\"\(top + height + 34)\" text-anchor=\"middle\">\(SVGText.escaped(xTitle))</text>")
        let middle = top + height / 2
        lines.append("<text x=\"14\" y=\"\(middle)\" transform=\"rotate(-90 14 \(middle))\" text-anchor=\"middle\">\(SVGText.escaped(yTitle))</text>")
        return lines
    }

    /// The path through `points` (data coordinates), or nil for no points.
    func path(_ points: [(x: Double, y: Double)], colour: String, width strokeWidth: Double = 2, dashed: Bool = false) -> String? {
        guard !points.isEmpty else { return nil }
        let d = points.enumerated().map { i, p in (i == 0 ? "M" : "L") + "\(SVGText.rounded(x(p.x))),\(SVGText.rounded(y(p.y)))" }
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        return "<path d=\"\(d.joined(separator: " "))\" stroke=\"\(colour)\" stroke-width=\"\(strokeWidth)\"\(dash) fill=\"none\"/>"
    }

    /// A filled band between `low` and `high` over the same x values.
    func band(x xs: [Double], low: [Double], high: [Double], colour: String, opacity: Double = 0.2) -> String? {
        guard !xs.isEmpty, low.count == xs.count, high.count == xs.count else { return nil }
        let upper = zip(xs, high).map { "\(SVGText.rounded(x($0))),\(SVGText.rounded(y($1)))" }
        let lower = zip(xs, low).reversed().map { "\(SVGText.rounded(x($0))),\(SVGText.rounded(y($1)))" }
        return "<path d=\"M\((upper + lower).joined(separator: " L")) Z\" fill=\"\(colour)\" fill-opacity=\"\(opacity)\" stroke=\"none\"/>"
    }

    /// A square mark of side 6 at a data point.
    func square(_ point: (x: Double, y: Double), colour: String) -> String {
        "<rect x=\(SVGText.quote(x(point.x) - 3)) y=\(SVGText.quote(y(point.y) - 3)) width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
    }
}
