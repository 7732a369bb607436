import Foundation
import Testing
import Tensors
import NN

/// A fresh directory under the system's temporary directory, one per test, so tests running
/// in parallel never see each other's files.
func makeTemporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rlrun-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func directoryListing(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
}

/// The enum case of a SafetensorsError, by name ("truncatedData"), so a test can say which
/// problem it expects without spelling out every associated value.
func caseName(_ error: SafetensorsError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

/// A test-only layer with two parameters (Dense is built elsewhere): a weight and a bias.
final class TwoParameterLayer: Layer {
    let weight: Parameter
    let bias: Parameter

    init(inputs: Int, outputs: Int, start: Float) {
        weight = Parameter(Tensor(shape: [outputs, inputs],
                                  scalars: (0..<(inputs * outputs)).map { start + Float($0) }))
        bias = Parameter(Tensor(shape: [outputs], scalars: (0..<outputs).map { -start - Float($0) }))
    }

    func callAsFunction(_ input: Tensor) -> Tensor { input }

    var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
