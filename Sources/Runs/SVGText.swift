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

    /// Seconds as a time axis labels them: "40s", "25m", "1h30m".
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 && seconds != seconds.rounded() { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" }
        return whole % 3600 / 60 == 0 ? "\(whole / 3600)h" : "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
