import Foundation
import Testing
import Tensors
import NN

@Suite struct LayerCheckpoints {
    /// Every parameter's values, by name, to compare a network before and after.
    static func snapshot(_ layer: some Layer) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: layer.namedParameters.map { ($0.name, $0.parameter.value.scalars) })
    }

    static func network(hidden: Int, start: Float) -> Sequential {
        Sequential(TwoParameterLayer(inputs: 3, outputs: hidden, start: start),
                   TwoParameterLayer(inputs: hidden, outputs: 2, start: start + 100))
    }

    @Test func sequentialRoundTrips() throws {
        let path = try makeTemporaryDirectory() + "/net.safetensors"
        let saved = Self.network(hidden: 4, start: 1)
        try saved.save(to: path, metadata: ["agent": "dqn", "env": "CartPole-v1", "step": "5000"])

        let restored = Self.network(hidden: 4, start: -50)
        let metadata = try restored.load(from: path)
        #expect(Self.snapshot(restored) == Self.snapshot(saved))
        #expect(metadata == ["agent": "dqn", "env": "CartPole-v1", "step": "5000", "rlrun.format": "1"])

        // A state dict by PyTorch's names, readable without rlrun.
        let file = try SafetensorsFile(contentsOf: path)
        #expect(file.tensors.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias"])
        #expect(file["1.weight"]?.shape == [2, 4])
    }

    /// The second layer differs, so a loader that assigned as it checked would already have
    /// overwritten the first layer when it failed.
    @Test func shapeMismatchNamesBothShapesAndChangesNothing() throws {
        let path = try makeTemporaryDirectory() + "/net.safetensors"
        let saved = Sequential(TwoParameterLayer(inputs: 3, outputs: 4, start: 1),
                               TwoParameterLayer(inputs: 4, outputs: 2, start: 9))
        try saved.save(to: path)
        let target = Sequential(TwoParameterLayer(inputs: 3, outputs: 4, start: -1),
                                TwoParameterLayer(inputs: 4, outputs: 5, start: -9))
        let before = Self.snapshot(target)
        #expect {
            try target.load(from: path)
        } throws: { error in
            let message = "\(error)"
            return error is ParameterMismatch && message.hasPrefix(path) && message.contains("'1.weight'")
                && message.contains("[2, 4]") && message.contains("[5, 4]")
        }
        #expect(Self.snapshot(target) == before)
    }

    @Test func missingAndExtraParametersAreMismatches() throws {
        let path = try makeTemporaryDirectory() + "/net.safetensors"
        try Self.network(hidden: 4, start: 1).save(to: path)

        let bigger = Sequential(TwoParameterLayer(inputs: 3, outputs: 4, start: 0),
                                TwoParameterLayer(inputs: 4, outputs: 2, start: 0),
                                TwoParameterLayer(inputs: 2, outputs: 2, start: 0))
        let biggerBefore = Self.snapshot(bigger)
        #expect { try bigger.load(from: path) } throws: { "\($0)".contains("'2.weight'") && $0 is ParameterMismatch }
        #expect(Self.snapshot(bigger) == biggerBefore)

        let smaller = Sequential(TwoParameterLayer(inputs: 3, outputs: 4, start: 0))
        let smallerBefore = Self.snapshot(smaller)
        #expect { try smaller.load(from: path) } throws: { "\($0)".contains("'1.") && $0 is ParameterMismatch }
        #expect(Self.snapshot(smaller) == smallerBefore)
    }

    @Test func newerFormatVersionIsRefused() throws {
        let path = try makeTemporaryDirectory() + "/future.safetensors"
        let layer = TwoParameterLayer(inputs: 2, outputs: 1, start: 0)
        let tensors = layer.namedParameters.map { (name: $0.name, tensor: $0.parameter.value) }
        try SafetensorsFile(tensors: tensors, metadata: ["rlrun.format": "2"]).write(to: path)
        #expect(throws: CheckpointFormat.UnsupportedVersion.self) { try layer.load(from: path) }
    }

    @Test func fileWithoutFormatVersionLoads() throws {
        let path = try makeTemporaryDirectory() + "/plain.safetensors"
        try SafetensorsFile(tensors: [("weight", Tensor(shape: [1, 2], scalars: [5, 6])), ("bias", Tensor([7]))])
            .write(to: path)
        let layer = TwoParameterLayer(inputs: 2, outputs: 1, start: 0)
        try layer.load(from: path)
        #expect(layer.weight.value.scalars == [5, 6] && layer.bias.value.scalars == [7])
    }
}

@Suite struct AtomicWrites {
    @Test func replacesTheFileAndLeavesNoTemporaryFiles() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/state.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        #expect(try readBytes(path) == [4, 5])
        #expect(try directoryListing(directory) == ["state.bin"])
    }

    /// A write that fails half-way (here the body throws after writing some bytes, as a
    /// full disk would) leaves the old file exactly as it was.
    @Test func oldFileSurvivesAFailedWrite() throws {
        struct Interrupted: Error {}
        let directory = try makeTemporaryDirectory()
        let path = directory + "/state.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: path) { file in
                try [9, 9, 9, 9].withUnsafeBytes { try file.write($0) }
                throw Interrupted()
            }
        }
        #expect(try readBytes(path) == [1, 2, 3])
        #expect(try directoryListing(directory) == ["state.bin"])
    }

    @Test func missingDirectoryIsAnErrorNamingThePath() throws {
        let path = try makeTemporaryDirectory() + "/no/such/dir/net.safetensors"
        #expect {
            try Sequential(TwoParameterLayer(inputs: 1, outputs: 1, start: 0)).save(to: path)
        } throws: { error in
            error is FileWriteError && "\(error)".hasPrefix(path) && "\(error)".contains("create the directory first")
        }
    }

    @Test func failedRenameCleansUp() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/occupied"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        #expect(throws: FileWriteError.self) { try AtomicFile.write([1], to: path) }
        #expect(try directoryListing(directory) == ["occupied"])
    }
}
