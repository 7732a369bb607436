import Foundation

/// One measured quantity: a name, the value, its unit, and the goal it is held against.
struct BenchmarkResult: Encodable {
    let name: String
    let value: Double
    let unit: String
    /// What the figure is compared with, in words ("< 8 ms", "OpenBLAS 430 GFLOP/s").
    let reference: String
}

/// Times closures: a warm-up, then repeated runs until both `minimumRuns` and
/// `minimumSeconds` are reached, reporting the median per-run time (robust to a stray slow
/// run on a shared machine).
enum Stopwatch {
    static func medianSeconds(warmup: Int = 3, minimumRuns: Int = 10, minimumSeconds: Double = 1.0,
                              _ body: () -> Void) -> Double {
        withoutActuallyEscaping(body) { body in
            medianSeconds(warmup: warmup, minimumRuns: minimumRuns, minimumSeconds: minimumSeconds, [body])[0]
        }
    }

    /// Several closures timed in alternation, so that all see the same machine (another
    /// process waking up, frequency changes): for "A next to B" comparisons.
    static func medianSeconds(warmup: Int = 3, minimumRuns: Int = 10, minimumSeconds: Double = 2.0,
                              _ bodies: [() -> Void]) -> [Double] {
        for _ in 0..<warmup { for body in bodies { body() } }
        var samples = [[Double]](repeating: [], count: bodies.count)
        let start = DispatchTime.now().uptimeNanoseconds
        while samples[0].count < minimumRuns
                || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumSeconds {
            for (i, body) in bodies.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                body()
                samples[i].append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
        }
        return samples.map { $0.sorted()[$0.count / 2] }
    }
}

/// Prints results as an aligned text table (for people) or one JSON object keyed by name.
enum BenchmarkReport {
    static func table(_ results: [BenchmarkResult]) -> String {
        let rows = [["benchmark", "value", "unit", "reference"]]
            + results.map { [$0.name, format($0.value), $0.unit, $0.reference] }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, text in
                column == 1 ? String(repeating: " ", count: widths[column] - text.count) + text
                            : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(rows[0]), rule] + rows.dropFirst().map(line)).joined(separator: "\n")
    }

    static func json(_ results: [BenchmarkResult]) -> String {
        var object: [String: [String: Any]] = [:]
        for r in results { object[r.name] = ["value": r.value, "unit": r.unit, "reference": r.reference] }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }
}
