/// One plot of an SVG chart: the data ranges mapped into a frame, axes with five labelled
/// ticks each, and lines and marks drawn in data coordinates.
struct SVGPlot {
    var left = 64.0, top = 32.0, width: Double, height: Double
    var xRange: ClosedRange<Double>, yRange: ClosedRange<Double>

    /// A frame whose value range pads a flat series so that it is still drawn in the middle.
    init(left: Double = 64, top: Double = 32, width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        (self.left, self.top, self.width, self.height) = (left, top, width, height)
        xRange = x.upperBound - x.lowerBound < 1e-9 ? x.lowerBound...(x.lowerBound + 1) : x
        yRange = y.upperBound - y.lowerBound < 1e-9 ? (y.lowerBound - 1)...(y.upperBound + 1) : y
    }

    func x(_ value: Double) -> Double { left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width }
    func y(_ value: Double) -> Double { top + (1 - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * height }

    /// The two axes, their ticks' labels (`xLabel` formats an x value) and their titles.
    func axes(xTitle: String, yTitle: String, xLabel: (Double) -> String = SVGText.label) -> [String] {
        var lines = ["<path d=\"M\(left),\(top) V\(top + height) H\(left + width)\" stroke=\"black\" fill=\"none\"/>"]
        for i in 0...4 {
            let fraction = Double(i) / 4
            let value = yRange.lowerBound + fraction * (yRange.upperBound - yRange.lowerBound)
            let position = xRange.lowerBound + fraction * (xRange.upperBound - xRange.lowerBound)
            lines.append("<text x=\"\(left - 6)\" y=\(SVGText.quote(y(value) + 4)) text-anchor=\"end\">\(SVGText.label(value))</text>")
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
