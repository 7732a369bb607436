#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// Named F32 tensors and string metadata in Hugging Face's safetensors format, which
/// PyTorch (`safetensors.torch.load_file`) and NumPy (`safetensors.numpy.load_file`) read.
///
/// Writing packs the tensors in the order given, without gaps, after a header padded with
/// spaces to a multiple of 8 bytes; the same tensors and metadata always give the same bytes.
/// Reading checks everything the format promises and throws a `SafetensorsError` naming the
/// file and the problem rather than trusting any of it.
public struct SafetensorsFile: Sendable {
    /// The tensors in data-section order (for a file we wrote: the order they were given).
    public var tensors: [(name: String, tensor: Tensor)]
    /// The "__metadata__" strings: free-form facts about the tensors.
    public var metadata: [String: String]

    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }?.tensor
    }
}

// MARK: Reading

extension SafetensorsFile {
    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws(SafetensorsError) {
        try self.init(decoding: try Self.readBytes(path), path: path)
    }

    /// Decodes the bytes of a safetensors file; `path` only names it in error messages.
    public init(decoding bytes: [UInt8], path: String) throws(SafetensorsError) {
        guard bytes.count >= 8 else { throw .tooShort(path: path, byteCount: bytes.count) }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // Compared as UInt64 before any conversion to Int, which would trap past 2^63.
        guard headerLength <= UInt64(SafetensorsHeader.maximumLength) else {
            throw .headerTooLarge(path: path, headerLength: headerLength, limit: SafetensorsHeader.maximumLength)
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .truncatedHeader(path: path, headerLength: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try SafetensorsHeader(decoding: Array(bytes[8..<dataStart]),
                                           dataSize: bytes.count - dataStart, path: path)
        // The header has checked every range against the data section's size.
        tensors = header.entries.map { entry in
            var tensor = Tensor(zeros: entry.shape)
            tensor.withUnsafeMutableBufferPointer { destination in
                bytes.withUnsafeBytes { source in
                    let range = (dataStart + entry.begin)..<(dataStart + entry.end)
                    // copyMemory, not a typed load: the data need not be 4-byte aligned.
                    UnsafeMutableRawBufferPointer(destination).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[range]))
                }
                #if _endian(big)
                for i in destination.indices { destination[i] = Float(bitPattern: UInt32(littleEndian: destination[i].bitPattern)) }
                #endif
            }
            return (entry.name, tensor)
        }
        metadata = header.metadata
    }

    /// The whole file, read with POSIX calls so that a failure comes with the system's reason.
    private static func readBytes(_ path: String) throws(SafetensorsError) -> [UInt8] {
        func failure(_ code: Int32) -> SafetensorsError {
            var reason = String(cString: strerror(code))
            if code == ENOENT { reason += " (check the path)" }
            if code == EACCES { reason += " (check the file's permissions)" }
            return .unreadable(path: path, reason: reason)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

// MARK: Writing

extension SafetensorsFile {
    /// Writes the file atomically (see `AtomicFile`): a crash mid-write leaves any old file
    /// at `path` intact. Throws `SafetensorsError` for a tensor name the format cannot hold,
    /// `FileWriteError` when the file system refuses.
    public func write(to path: String) throws {
        let header = try header(path: path)
        try AtomicFile.write(to: path) { file in
            try header.encoded.withUnsafeBytes { try file.write($0) }
            for (_, tensor) in tensors { try Self.withLittleEndianBytes(of: tensor) { try file.write($0) } }
        }
    }

    /// The file's bytes, as `write(to:)` would put them on disk.
    public func encoded() throws(SafetensorsError) -> [UInt8] {
        var bytes = try header(path: "<in memory>").encoded
        for (_, tensor) in tensors { Self.withLittleEndianBytes(of: tensor) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// The header for these tensors packed back to back in order.
    private func header(path: String) throws(SafetensorsError) -> SafetensorsHeader {
        var entries: [SafetensorsHeader.Entry] = []
        var names = Set<String>()
        var offset = 0
        for (name, tensor) in tensors {
            guard name != SafetensorsHeader.metadataKey else { throw .reservedName(path: path) }
            guard names.insert(name).inserted else { throw .duplicateName(path: path, name: name) }
            let byteCount = tensor.count * MemoryLayout<Float>.size
            entries.append(.init(name: name, shape: tensor.shape, begin: offset, end: offset + byteCount))
            offset += byteCount
        }
        return SafetensorsHeader(entries: entries, metadata: metadata)
    }

    /// The tensor's elements as little-endian bytes: its own memory on a little-endian host.
    private static func withLittleEndianBytes<R>(of tensor: Tensor,
                                                 _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        #if _endian(little)
        return try tensor.withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
        #else
        let swapped = tensor.scalars.map { $0.bitPattern.littleEndian }
        return try swapped.withUnsafeBytes(body)
        #endif
    }
}
