import Foundation
import Testing
import Datasets

@Suite struct CIFAR10Tests {
    /// Two records written as the format describes them: label, then the red, green and blue planes.
    @Test func readsLabelsAndChannelPlanes() throws {
        var bytes: [UInt8] = []
        for (label, value) in [(UInt8(3), UInt8(255)), (UInt8(9), UInt8(51))] {
            bytes.append(label)
            for channel in 0..<3 { bytes += Array(repeating: value / UInt8(channel + 1), count: 1024) }
        }
        let path = NSTemporaryDirectory() + "rlrun-cifar-\(UUID().uuidString).bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let dataset = try CIFAR10.load([path, path])
        #expect(dataset.count == 4 && dataset.labels == [3, 9, 3, 9] && dataset.exampleShape == [3, 32, 32])
        #expect(dataset.features[0] == 1 && dataset.features[1024] == Float(127) / 255 && dataset.features[2048] == Float(85) / 255)
        #expect(dataset.features[3072] == 0.2)

        try Data(bytes.dropLast()).write(to: URL(fileURLWithPath: path))
        #expect(throws: DatasetError.self) { try CIFAR10.load([path]) }
        bytes[0] = 42
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: DatasetError.self) { try CIFAR10.load([path]) }
        #expect(throws: DatasetError.self) { try CIFAR10.load(.test, from: "/nonexistent") }
    }
}
