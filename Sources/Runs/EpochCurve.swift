import Foundation
import NN
import Supervised

/// curve.svg of a supervised run: the mean loss per epoch, training and validation, and below
/// it the accuracy when the model classifies — the two plots Keras users draw from `History`.
public enum EpochCurve {
    private static let trainingColour = "#1f4e79", validationColour = "#d9822b"

    public static func svg(title: String, records: [EpochRecord], width: Int = 720) -> String {
        let panelHeight = 260.0
        let accuracyPanel = records.contains { $0.train.accuracy != nil }
        let height = Int(panelHeight * (accuracyPanel ? 2 : 1)) + 24
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"64\" y=\"18\" font-size=\"14\">\(SVGText.escaped(title))</text>",
            "<text x=\"\(width - 16)\" y=\"18\" text-anchor=\"end\"><tspan fill=\"\(trainingColour)\">training</tspan>  <tspan fill=\"\(validationColour)\">validation</tspan></text>",
        ]
        let epochs = records.map { Double($0.epoch) }
        lines += panel(label: "mean loss", epochs: epochs, training: records.map(\.train.meanLoss),
                       validation: records.map { $0.validation?.meanLoss }, top: 24, width: Double(width), height: panelHeight)
        if accuracyPanel {
            lines += panel(label: "accuracy", epochs: epochs, training: records.map { $0.train.accuracy ?? 0 },
                           validation: records.map { $0.validation?.accuracy }, top: 24 + panelHeight, width: Double(width), height: panelHeight)
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func write(title: String, records: [EpochRecord], to path: String) throws {
        try AtomicFile.write(Array(svg(title: title, records: records).utf8), to: path)
    }

    /// One plot: both series against the epoch, with five ticks on each axis.
    private static func panel(label: String, epochs: [Double], training: [Double], validation: [Double?],
                              top: Double, width: Double, height: Double) -> [String] {
        let left = 64.0, right = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - 16 - bottom
        let values = training + validation.compactMap { $0 }
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1e-9 { (low, high) = (low - 0.5, high + 0.5) }
        let first = epochs.first ?? 1, last = max(epochs.last ?? 1, first + 1)
        func x(_ epoch: Double) -> Double { left + (epoch - first) / (last - first) * plotWidth }
        func y(_ value: Double) -> Double { top + 16 + (1 - (value - low) / (high - low)) * plotHeight }
        var lines = ["<path d=\"M\(left),\(top + 16) V\(top + 16 + plotHeight) H\(left + plotWidth)\" stroke=\"black\" fill=\"none\"/>"]
        for i in 0...4 {
            let fraction = Double(i) / 4
            // Epochs are whole: the ticks fall on whole epochs.
            let value = low + fraction * (high - low), epoch = (first + fraction * (last - first)).rounded()
            lines.append("<text x=\"\(left - 6)\" y=\(SVGText.quote(y(value) + 4)) text-anchor=\"end\">\(String(format: "%.3g", value))</text>")
            lines.append("<text x=\(SVGText.quote(x(epoch))) y=\"\(top + 16 + plotHeight + 16)\" text-anchor=\"middle\">\(String(format: "%.3g", epoch))</text>")
        }
        lines.append("<text x=\"\(left + plotWidth / 2)\" y=\"\(top + height - 6)\" text-anchor=\"middle\">epoch</text>")
        let middle = top + 16 + plotHeight / 2
        lines.append("<text x=\"14\" y=\"\(middle)\" transform=\"rotate(-90 14 \(middle))\" text-anchor=\"middle\">\(label)</text>")
        for (series, colour) in [(training.map { Optional($0) }, trainingColour), (validation, validationColour)] {
            let points = zip(epochs, series).compactMap { epoch, value in value.map { (x(epoch), y($0)) } }
            guard !points.isEmpty else { continue }
            let path = points.enumerated().map { i, p in (i == 0 ? "M" : "L") + "\(SVGText.rounded(p.0)),\(SVGText.rounded(p.1))" }
            lines.append("<path d=\"\(path.joined(separator: " "))\" stroke=\"\(colour)\" stroke-width=\"2\" fill=\"none\"/>")
            for p in points { lines.append("<circle cx=\(SVGText.quote(p.0)) cy=\(SVGText.quote(p.1)) r=\"3\" fill=\"\(colour)\"/>") }
        }
        return lines
    }
}
