import CZlib

/// gzip (RFC 1952) through zlib: the compression the MNIST and Fashion-MNIST files come in.
public enum Gzip {
    /// Whether `bytes` start with gzip's magic number (1f 8b).
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The most a file may decompress to: gzip packs up to 1,032 bytes into one, so a few
    /// megabytes of crafted input could otherwise ask for gigabytes. Datasets are far smaller
    /// (Fashion-MNIST's largest file is 47 MB).
    public static let defaultLimit = 1 << 30

    /// The decompressed bytes of a gzip file; `name` is for the error message. Members
    /// concatenated one after another (as `cat a.gz b.gz` makes) are decompressed in turn.
    /// More than `limit` bytes of output is an error.
    public static func decompress(_ bytes: [UInt8], name: String, limit: Int = defaultLimit) throws(DatasetError) -> [UInt8] {
        var output: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let (member, consumed) = try decompressMember(bytes, from: offset, name: name,
                                                   room: limit - output.count, limit: limit)
            output += member
            offset += consumed
        }
        return output
    }

    /// One member's bytes (at most `room` of them before it gives up) and the input it used.
    private static func decompressMember(_ bytes: [UInt8], from start: Int, name: String,
                                         room: Int, limit: Int) throws(DatasetError) -> ([UInt8], Int) {
        var stream = z_stream()
        // 16 + 15: a gzip header and the largest window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError("\(name): zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status = Z_OK
        let consumed: Int = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
            stream.avail_in = UInt32(input.count - start)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: buffer.prefix(buffer.count - Int(stream.avail_out)))
                }
                if output.count > room { break }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }  // input ended early
            }
            return input.count - start - Int(stream.avail_in)
        }
        guard output.count <= room else {
            throw DatasetError("\(name): decompresses to more than \(limit) bytes, more than any dataset file rlrun reads; is it the right file?")
        }
        guard status == Z_STREAM_END else {
            throw DatasetError("\(name): not a whole gzip file (\(status == Z_BUF_ERROR ? "it ends early" : "its data is damaged")); download it again")
        }
        return (output, consumed)
    }
}
