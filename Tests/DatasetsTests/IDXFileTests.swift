import Foundation
import Testing
import Datasets

@Suite struct IDXFileTests {
    /// A header written out by hand, as the MNIST page describes it: an images file of two
    /// 2×3 images, then the bytes.
    @Test func readsTheHeaderAndPixelsOfAnImagesFile() throws {
        let bytes: [UInt8] = [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<12).map { UInt8($0 * 20) }
        let file = try IDXFile(bytes: bytes, name: "images")
        #expect(file.elementType == .uint8 && file.shape == [2, 2, 3])
        #expect(file.values == (0..<12).map { Float($0 * 20) })
    }

    @Test(arguments: [IDXFile.ElementType.uint8, .int8, .int16, .int32, .float32, .float64])
    func everyElementTypeRoundTripsPlainAndGzipped(type: IDXFile.ElementType) throws {
        let values: [Float] = switch type {
        case .uint8: [0, 1, 127, 255, 9, 200]
        case .int8: [-128, -1, 0, 1, 127, 5]
        case .int16: [-32768, -300, 0, 300, 32767, 7]
        case .int32: [-2_000_000, -1, 0, 1, 2_000_000, 65_536]
        case .float32, .float64: [-1.5, 0, 0.25, 3.0e10, -7e-8, 1]
        }
        let file = IDXFile(elementType: type, shape: [3, 2], values: values)
        #expect(try IDXFile(bytes: file.encoded(), name: "plain") == file)
        #expect(try IDXFile(bytes: gzipCompressed(file.encoded()), name: "gzipped") == file)
    }

    @Test func readsFromDiskCompressedOrNot() throws {
        let directory = NSTemporaryDirectory() + "rlrun-idx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let labels = IDXFile(elementType: .uint8, shape: [5], values: [3, 1, 4, 1, 5])
        try Data(labels.encoded()).write(to: URL(fileURLWithPath: directory + "/labels-idx1-ubyte"))
        try Data(gzipCompressed(labels.encoded())).write(to: URL(fileURLWithPath: directory + "/labels-idx1-ubyte.gz"))
        #expect(try IDXFile(contentsOf: directory + "/labels-idx1-ubyte") == labels)
        #expect(try IDXFile(contentsOf: directory + "/labels-idx1-ubyte.gz") == labels)
    }

    /// gzip members one after another (cat a.gz b.gz) are one file.
    /// A small file that inflates past the limit is refused, with the output bounded while it
    /// is read (a gzip "bomb" cannot take memory the file's size does not justify).
    @Test func outputPastTheLimitIsAnError() throws {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let compressed = gzipCompressed(zeros)
        #expect(compressed.count < 4096, "a megabyte of zeros compresses to \(compressed.count) bytes")
        #expect(try Gzip.decompress(compressed, name: "zeros", limit: 1 << 20) == zeros)
        #expect(throws: DatasetError.self) { try Gzip.decompress(compressed, name: "zeros", limit: 1000) }
        #expect(throws: DatasetError.self) { try Gzip.decompress(compressed + compressed, name: "two", limit: (1 << 20) + 1000) }
    }

    @Test func concatenatedGzipMembersAreDecompressedInTurn() throws {
        let first: [UInt8] = Array(repeating: 7, count: 100_000), second: [UInt8] = [1, 2, 3]
        #expect(try Gzip.decompress(gzipCompressed(first) + gzipCompressed(second), name: "two") == first + second)
    }

    /// Every kind of bad file is one line naming the file and the fix.
    @Test func badFilesAreOneLineErrors() throws {
        let good = IDXFile(elementType: .uint8, shape: [2, 2], values: [1, 2, 3, 4]).encoded()
        let compressed = gzipCompressed(good)
        var damaged = compressed
        damaged[damaged.count / 2] ^= 0xff
        damaged[damaged.count - 5] ^= 0xff  // the CRC too, so that some check must fail
        let cases: [(bytes: [UInt8], says: String)] = [
            ([], "not an IDX file"),
            ([1, 0, 8, 1, 0, 0, 0, 1, 5], "not an IDX file"),
            ([0, 0, 0x07, 1, 0, 0, 0, 1, 5], "unknown IDX element type 0x7"),
            ([0, 0, 0x08, 2, 0, 0, 0, 1], "header is cut short"),
            (Array(good.dropLast()), "but the file holds 3 bytes after it"),
            ([0, 0, 0x08, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255], "but the file holds 0 bytes"),
            (Array(compressed.prefix(compressed.count - 6)), "it ends early"),
            (damaged, "not a whole gzip file"),
        ]
        for (bytes, says) in cases {
            do {
                _ = try IDXFile(bytes: bytes, name: "t10k-images")
                Issue.record("\(bytes.prefix(8)) was read")
            } catch {
                #expect(error.description.hasPrefix("t10k-images: ") && error.description.contains(says), "\(error)")
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(throws: DatasetError.self) { try IDXFile(contentsOf: "/nonexistent/train-images-idx3-ubyte.gz") }
    }
}
