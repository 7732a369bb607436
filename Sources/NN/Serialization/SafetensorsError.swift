import OneLineText

/// Why a .safetensors file could not be read or written: one case per kind of problem, each
/// with a one-line message that names the file, says what is wrong and, where it can, the fix.
public enum SafetensorsError: Error, CustomStringConvertible, Sendable {
    /// The file could not be opened or read (missing, a directory, no permission).
    case unreadable(path: String, reason: String)
    /// Fewer than the 8 bytes of the header-length field.
    case tooShort(path: String, byteCount: Int)
    /// The header-length field is beyond any sane header (the reference implementation's
    /// limit): the file is not safetensors, or its first bytes are damaged.
    case headerTooLarge(path: String, headerLength: UInt64, limit: Int)
    /// The header-length field points past the end of the file.
    case truncatedHeader(path: String, headerLength: UInt64, fileSize: Int)
    /// The header is not UTF-8 or not JSON.
    case invalidHeaderJSON(path: String, reason: String)
    /// The header is JSON but not an object.
    case headerNotObject(path: String, found: String)
    /// A tensor's entry is missing a field or has one of the wrong type.
    case invalidTensorEntry(path: String, name: String, reason: String)
    /// A dtype other than F32.
    case unsupportedDType(path: String, name: String, dtype: String)
    /// A shape with a negative dimension.
    case negativeDimension(path: String, name: String, shape: [String])
    /// The shape's element count does not fill exactly the bytes its offsets span.
    case shapeSizeMismatch(path: String, name: String, shape: [Int], expectedBytes: Int?, offsetBytes: Int)
    /// data_offsets with end before begin.
    case reversedOffsets(path: String, name: String, begin: Int, end: Int)
    /// data_offsets reaching past the end of the file.
    case truncatedData(path: String, name: String, end: Int, dataSize: Int)
    /// Two tensors claim some of the same bytes.
    case overlappingTensors(path: String, name: String, other: String)
    /// Bytes between two tensors, or before the first, that no tensor covers.
    case gapInData(path: String, name: String, begin: Int, expectedBegin: Int)
    /// Bytes after the last tensor that no tensor covers.
    case trailingBytes(path: String, count: Int)
    /// Two tensors (or two metadata keys) with the same name.
    case duplicateName(path: String, name: String)
    /// "__metadata__" is not an object of string values.
    case invalidMetadata(path: String, reason: String)
    /// Writing: a tensor named "__metadata__", the key the format reserves.
    case reservedName(path: String)

    public var path: String {
        switch self {
        case .unreadable(let path, _), .tooShort(let path, _), .headerTooLarge(let path, _, _),
             .truncatedHeader(let path, _, _), .invalidHeaderJSON(let path, _), .headerNotObject(let path, _),
             .invalidTensorEntry(let path, _, _), .unsupportedDType(let path, _, _),
             .negativeDimension(let path, _, _), .shapeSizeMismatch(let path, _, _, _, _),
             .reversedOffsets(let path, _, _, _), .truncatedData(let path, _, _, _),
             .overlappingTensors(let path, _, _), .gapInData(let path, _, _, _), .trailingBytes(let path, _),
             .duplicateName(let path, _), .invalidMetadata(let path, _), .reservedName(let path):
            path
        }
    }

    public var description: String { "\(path): \(problem)".escapingControlCharacters }

    private var problem: String {
        switch self {
        case .unreadable(_, let reason):
            "cannot read the file: \(reason)"
        case .tooShort(_, let byteCount):
            "only \(byteCount) bytes, too short for the 8-byte header length of a safetensors file "
                + "(an empty or truncated file; save it again)"
        case .headerTooLarge(_, let length, let limit):
            "header length field says \(length) bytes, more than the \(limit) any safetensors file has "
                + "(not a safetensors file, or its first bytes are damaged)"
        case .truncatedHeader(_, let length, let fileSize):
            "header length field says \(length) bytes but the file has only \(fileSize) bytes "
                + "(the file is truncated, or not a safetensors file)"
        case .invalidHeaderJSON(_, let reason):
            "header is not valid JSON: \(reason)"
        case .headerNotObject(_, let found):
            "header must be a JSON object mapping tensor names to entries, found \(found)"
        case .invalidTensorEntry(_, let name, let reason):
            "tensor '\(name)': \(reason)"
        case .unsupportedDType(_, let name, let dtype):
            "tensor '\(name)' has dtype \(dtype), but rlrun stores only F32 "
                + "(convert it to float32 before saving, e.g. tensor.float() in PyTorch)"
        case .negativeDimension(_, let name, let shape):
            "tensor '\(name)' has shape [\(shape.joined(separator: ", "))] with a negative dimension"
        case .shapeSizeMismatch(_, let name, let shape, let expected, let actual):
            if let expected {
                "tensor '\(name)' has shape \(shape), which needs \(expected) bytes of F32, "
                    + "but its data_offsets span \(actual) bytes"
            } else {
                "tensor '\(name)' has shape \(shape), whose size overflows; its data_offsets span \(actual) bytes"
            }
        case .reversedOffsets(_, let name, let begin, let end):
            "tensor '\(name)' has data_offsets [\(begin), \(end)], which end before they begin"
        case .truncatedData(_, let name, let end, let dataSize):
            "tensor '\(name)' ends at byte \(end) of the data section, which has only \(dataSize) bytes "
                + "(the file is truncated; save it again)"
        case .overlappingTensors(_, let name, let other):
            "tensors '\(other)' and '\(name)' overlap in the data section"
        case .gapInData(_, let name, let begin, let expected):
            "tensor '\(name)' begins at byte \(begin) of the data section, leaving bytes "
                + "\(expected)..<\(begin) that no tensor covers (the format requires no gaps)"
        case .trailingBytes(_, let count):
            "\(count) bytes after the last tensor that no tensor covers (the format requires none)"
        case .duplicateName(_, let name):
            "the name '\(name)' appears more than once in the header"
        case .invalidMetadata(_, let reason):
            "__metadata__ must map strings to strings: \(reason)"
        case .reservedName:
            "a tensor cannot be named '__metadata__', the key safetensors reserves for metadata; rename it"
        }
    }
}
