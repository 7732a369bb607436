import Foundation

/// Numbers and text as the SVG charts (curve.svg of both kinds of run) write them.
enum SVGText {
    static func rounded(_ value: Double) -> String { String(format: "%.1f", value) }
    static func quote(_ value: Double) -> String { "\"" + rounded(value) + "\"" }

    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 { return String(format: "%.1fM", value / 1e6) }
        if magnitude >= 1e4 { return String(format: "%.0fk", value / 1e3) }
        return magnitude == magnitude.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
