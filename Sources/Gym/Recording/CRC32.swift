/// CRC-32 as in zlib, PNG and gzip (ISO 3309 / ITU-T V.42: the reflected polynomial
/// 0xEDB88320, initial value and final XOR all ones); "123456789" gives 0xCBF43926.
///
/// Bit by bit, without a table: a replay file is a few kilobytes, read once.
enum CRC32 {
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
