import Foundation
import Testing
import Tensors
import NN

@Suite struct SafetensorsFormat {
    @Test func roundTripKeepsTensorsOrderAndMetadata() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/round.safetensors"
        let tensors: [(name: String, tensor: Tensor)] = [
            ("z.matrix", Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, .greatestFiniteMagnitude, -.leastNonzeroMagnitude])),
            ("scalar", Tensor(Float(42))),
            ("empty", Tensor(zeros: [0, 5])),
            ("a.vector", Tensor([0.25, 0.5, 0.75])),
            ("cube", Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])),
        ]
        let metadata = ["env": "CartPole-v1", "step": "12000", "note": "quote \" slash \\ tab \t é ✓"]
        let file = SafetensorsFile(tensors: tensors, metadata: metadata)
        try file.write(to: path)
        #expect(try readBytes(path) == file.encoded())

        let read = try SafetensorsFile(contentsOf: path)
        #expect(read.tensors.map(\.name) == tensors.map(\.name))
        for ((_, written), (_, loaded)) in zip(tensors, read.tensors) {
            #expect(loaded.shape == written.shape)
            #expect(loaded.scalars.map(\.bitPattern) == written.scalars.map(\.bitPattern))
        }
        #expect(read.metadata == metadata)
        #expect(read["scalar"]?.shape == [])
        #expect(try directoryListing(directory) == ["round.safetensors"])
    }

    @Test func writingTwiceGivesTheSameBytes() throws {
        let file = SafetensorsFile(tensors: [("b", Tensor([1])), ("a", Tensor([2]))],
                                   metadata: ["y": "1", "x": "2", "w": "3"])
        #expect(try file.encoded() == file.encoded())
    }

    /// The layout byte for byte: u64 header length, compact JSON with "__metadata__" first and
    /// tensors in the order given, spaces to a multiple of 8, then the packed F32 data.
    @Test func layoutMatchesTheSpecification() throws {
        let file = SafetensorsFile(tensors: [("b", Tensor([1, 2])), ("a", Tensor(Float(0.5)))], metadata: ["k": "v"])
        let json = #"{"__metadata__":{"k":"v"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""a":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}"#
        #expect(json.utf8.count == 132)  // so 4 spaces of padding make 136 = 0x88
        let expected: [UInt8] = [0x88, 0, 0, 0, 0, 0, 0, 0] + Array(json.utf8) + Array("    ".utf8)
            + [0x00, 0x00, 0x80, 0x3F] + [0x00, 0x00, 0x00, 0x40]  // 1.0, 2.0 little-endian
            + [0x00, 0x00, 0x00, 0x3F]  // 0.5
        #expect(try file.encoded() == expected)
    }

    @Test func noMetadataMeansNoMetadataKey() throws {
        let bytes = try SafetensorsFile(tensors: [("x", Tensor([1]))]).encoded()
        let header = String(decoding: bytes[8...], as: UTF8.self)
        #expect(!header.contains("__metadata__"))
        #expect(bytes.count % 8 == 4)  // 8 + padded header + one float
    }

    @Test func emptyFileOfNoTensorsRoundTrips() throws {
        let read = try SafetensorsFile(decoding: SafetensorsFile(tensors: []).encoded(), path: "none")
        #expect(read.tensors.isEmpty && read.metadata.isEmpty)
    }

    @Test func writingRejectsNamesTheFormatCannotHold() {
        #expect(throws: SafetensorsError.self) {
            try SafetensorsFile(tensors: [("x", Tensor([1])), ("x", Tensor([2]))]).encoded()
        }
        #expect(throws: SafetensorsError.self) {
            try SafetensorsFile(tensors: [("__metadata__", Tensor([1]))]).encoded()
        }
    }

    /// Written once by Hugging Face's safetensors library (Fixtures/make_fixtures.py).
    @Test func readsAFileWrittenByTheReferenceLibrary() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/python_written.safetensors").path
        let file = try SafetensorsFile(contentsOf: path)
        #expect(Set(file.tensors.map(\.name)) == ["layer.weight", "layer.bias", "scale", "empty"])
        #expect(file["layer.weight"]?.shape == [2, 3])
        #expect(file["layer.weight"]?.scalars == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(file["layer.bias"]?.scalars == [-1.25, 3])
        #expect(file["scale"]?.shape == [] && file["scale"]?.scalars == [7.5])
        #expect(file["empty"]?.shape == [0, 4])
        #expect(file.metadata == ["rlrun.format": "1", "source": "make_fixtures.py", "note": "héllo \"quoted\""])
    }
}
