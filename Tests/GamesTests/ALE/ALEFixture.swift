import Foundation

/// A JSON file that Fixtures/ALE/measure_breakout.py or measure_pong.py wrote from ale-py 0.12.1.
/// Their events are lists of mixed numbers and names, so the files are read as plain JSON.
struct ALEFixture {
    let root: [String: Any]

    init(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ALE/\(name).json")
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    subscript(key: String) -> Any? { root[key] }

    func ints(_ key: String) -> [Int] { (root[key] as! [Any]).map { ($0 as! NSNumber).intValue } }

    /// Actions kept as a string of digits, one a frame.
    func actionDigits(_ key: String) -> [Int] { (root[key] as! String).map { Int(String($0))! } }

    /// The events of `kind` ("serve", "paddle", …) as lists of numbers, the kind's name left out.
    func events(_ kind: String, in list: [Any]? = nil) -> [[Int]] {
        (list ?? root["events"] as! [Any]).compactMap { entry -> [Int]? in
            let fields = entry as! [Any]
            guard fields[1] as? String == kind else { return nil }
            return fields.enumerated().filter { $0.offset != 1 }.map { ($0.element as! NSNumber).intValue }
        }
    }
}

extension Array where Element == Any {
    func ints() -> [Int] { map { ($0 as! NSNumber).intValue } }
}
