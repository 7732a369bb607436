import Foundation
import Testing
import Tensors
import NN

/// One test per kind of bad file. Each corrupts a good file (two tensors: "a" of 2 floats,
/// then "b" of 1) and expects its own error case, with a message naming the file.
@Suite struct SafetensorsCorruption {
    /// The good file's JSON header (unpadded) and its 12 data bytes.
    static let good: (header: String, data: [UInt8]) = {
        let bytes = try! SafetensorsFile(tensors: [("a", Tensor([1, 2])), ("b", Tensor([3]))],
                                         metadata: ["k": "v"]).encoded()
        let length = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        return (header.trimmingCharacters(in: .whitespaces), Array(bytes[(8 + length)...]))
    }()

    /// A file of `header` (its true length in front) and `data`.
    static func file(header: String, data: [UInt8] = good.data) -> [UInt8] {
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8) + data
    }

    /// The good header with `old` replaced by `new` (which must occur).
    static func header(replacing old: String, with new: String) -> String {
        precondition(good.header.contains(old), "\(old) is not in \(good.header)")
        return good.header.replacingOccurrences(of: old, with: new)
    }

    /// Writes `bytes` to a file, reads it, and returns the error (nil when it read fine).
    static func readFailure(_ bytes: [UInt8]) throws -> (error: SafetensorsError, path: String)? {
        let path = try makeTemporaryDirectory() + "/bad.safetensors"
        try writeBytes(bytes, to: path)
        do {
            _ = try SafetensorsFile(contentsOf: path)
            return nil
        } catch {
            return (error, path)
        }
    }

    /// Reads `bytes` and expects the error case `expected`, with a message naming the file
    /// and containing each of `mentions`.
    static func expectFailure(_ bytes: [UInt8], _ expected: String, mentions: [String] = [],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let failure = try #require(try readFailure(bytes), "expected \(expected), but the file read fine",
                                   sourceLocation: sourceLocation)
        let message = failure.error.description
        #expect(caseName(failure.error) == expected, "\(message)", sourceLocation: sourceLocation)
        #expect(message.hasPrefix(failure.path + ": "), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), sourceLocation: sourceLocation)
        for word in mentions { #expect(message.contains(word), "\(message)", sourceLocation: sourceLocation) }
    }

    @Test func theGoodFileReads() throws {
        #expect(try Self.readFailure(Self.file(header: Self.good.header)) == nil)
        #expect(Self.good.header.contains(#""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#))
    }

    @Test func missingFile() throws {
        let path = try makeTemporaryDirectory() + "/absent.safetensors"
        #expect {
            try SafetensorsFile(contentsOf: path)
        } throws: { error in
            guard let error = error as? SafetensorsError else { return false }
            return caseName(error) == "unreadable" && error.description.hasPrefix(path)
                && error.description.contains("No such file")
        }
    }

    @Test func directoryInsteadOfFile() throws {
        let directory = try makeTemporaryDirectory()
        #expect { try SafetensorsFile(contentsOf: directory) } throws: { error in
            (error as? SafetensorsError).map(caseName) == "unreadable"
        }
    }

    @Test func shorterThanTheLengthField() throws {
        try Self.expectFailure([], "tooShort")
        try Self.expectFailure([1, 2, 3, 4, 5], "tooShort", mentions: ["5 bytes"])
    }

    @Test func headerLengthBeyondTheFile() throws {
        let bytes = Self.file(header: Self.good.header)
        try Self.expectFailure(Array(bytes.prefix(40)), "truncatedHeader", mentions: ["truncated"])
    }

    @Test func absurdHeaderLength() throws {
        var bytes = Self.file(header: Self.good.header)
        bytes.replaceSubrange(0..<8, with: repeatElement(0xFF, count: 8))  // 2^64 - 1: must not trap
        try Self.expectFailure(bytes, "headerTooLarge", mentions: ["18446744073709551615"])
    }

    @Test func headerNotJSON() throws {
        try Self.expectFailure(Self.file(header: Self.header(replacing: "}}", with: "}")), "invalidHeaderJSON")
        try Self.expectFailure(Self.file(header: #"{"a": tru}"#), "invalidHeaderJSON")
        let invalidUTF8: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0] + Array(#"{"\#u{FF}":1}"#.utf8.prefix(2)) + [0xFF, 0xFE] + Array("\":1}".utf8)
        try Self.expectFailure(invalidUTF8, "invalidHeaderJSON", mentions: ["UTF-8"])
    }

    @Test func deeplyNestedHeaderDoesNotOverflowTheStack() throws {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try Self.expectFailure(Self.file(header: nested, data: []), "invalidHeaderJSON", mentions: ["nested"])
    }

    @Test func headerNotAnObject() throws {
        try Self.expectFailure(Self.file(header: "[1, 2]", data: []), "headerNotObject", mentions: ["an array"])
    }

    @Test func fieldsOfTheWrongType() throws {
        for (old, new) in [(#""shape":[2]"#, #""shape":"2""#), (#""dtype":"F32""#, #""dtype":32"#),
                           (#""data_offsets":[0,8]"#, #""data_offsets":[0]"#),
                           (#""data_offsets":[0,8]"#, #""data_offsets":[0,8.0]"#),
                           (#""data_offsets":[0,8]"#, #""data_offsets":[0,1e400]"#),
                           (#""data_offsets":[0,8]"#, #""data_offsets":[0,99999999999999999999999]"#),
                           (#""shape":[2]"#, #""shape":[18446744073709551617]"#),
                           (#","shape":[2]"#, ""),
                           (#"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#, "[0,8]")] {
            try Self.expectFailure(Self.file(header: Self.header(replacing: old, with: new)), "invalidTensorEntry",
                                   mentions: ["'a'"])
        }
    }

    @Test func dtypeOtherThanF32() throws {
        for dtype in ["F16", "I64", "BF16", "F64"] {
            try Self.expectFailure(Self.file(header: Self.header(replacing: #""F32","shape":[2]"#,
                                                                 with: "\"\(dtype)\",\"shape\":[2]")),
                                   "unsupportedDType", mentions: [dtype, "F32", "'a'"])
        }
    }

    @Test func negativeDimension() throws {
        try Self.expectFailure(Self.file(header: Self.header(replacing: #""shape":[2]"#, with: #""shape":[-2]"#)),
                               "negativeDimension", mentions: ["-2"])
    }

    @Test func shapeDisagreesWithOffsets() throws {
        try Self.expectFailure(Self.file(header: Self.header(replacing: #""shape":[2]"#, with: #""shape":[3]"#)),
                               "shapeSizeMismatch", mentions: ["12 bytes", "span 8"])
        // A shape whose element count overflows Int must be refused, not multiplied.
        let huge = #""shape":[4294967296,4294967296,0]"#
        try Self.expectFailure(Self.file(header: Self.header(replacing: #""shape":[2]"#, with: huge)),
                               "shapeSizeMismatch", mentions: ["overflows"])
    }

    @Test func offsetsPastTheEnd() throws {
        try Self.expectFailure(Self.file(header: Self.good.header, data: Array(Self.good.data.prefix(10))),
                               "truncatedData", mentions: ["'b'", "truncated"])
        try Self.expectFailure(Self.file(header: Self.header(replacing: "[8,12]", with: "[9223372036854775803,9223372036854775807]")),
                               "truncatedData")
    }

    @Test func reversedOffsets() throws {
        try Self.expectFailure(Self.file(header: Self.header(replacing: "[0,8]", with: "[8,0]")), "reversedOffsets")
    }

    @Test func overlappingTensors() throws {
        let header = Self.header(replacing: "[8,12]", with: "[4,8]")
        try Self.expectFailure(Self.file(header: header, data: Array(Self.good.data.prefix(8))), "overlappingTensors",
                               mentions: ["'a'", "'b'"])
    }

    @Test func gapBetweenTensors() throws {
        let header = Self.header(replacing: "[8,12]", with: "[12,16]")
        try Self.expectFailure(Self.file(header: header, data: Self.good.data + [0, 0, 0, 0]), "gapInData",
                               mentions: ["8..<12"])
    }

    @Test func bytesAfterTheLastTensor() throws {
        try Self.expectFailure(Self.file(header: Self.good.header, data: Self.good.data + [1, 2, 3]), "trailingBytes",
                               mentions: ["3 bytes"])
    }

    @Test func duplicateNames() throws {
        let header = Self.header(replacing: #""b":{"#, with: #""a":{"#)
        try Self.expectFailure(Self.file(header: header), "duplicateName", mentions: ["'a'"])
        let metadata = Self.header(replacing: #"{"k":"v"}"#, with: #"{"k":"v","k":"w"}"#)
        try Self.expectFailure(Self.file(header: metadata), "duplicateName")
    }

    @Test func metadataValueNotAString() throws {
        try Self.expectFailure(Self.file(header: Self.header(replacing: #""k":"v""#, with: #""k":3"#)),
                               "invalidMetadata", mentions: ["'k'"])
        try Self.expectFailure(Self.file(header: Self.header(replacing: #"{"k":"v"}"#, with: "[]")),
                               "invalidMetadata")
    }
}
