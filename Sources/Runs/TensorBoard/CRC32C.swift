/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), the checksum of the
/// TFRecord framing TensorBoard's event files use; computed a byte at a time from a table.
/// Check values from RFC 3720 B.4: "123456789" gives 0xE3069283, 32 zero bytes 0x8A9136AA.
public enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    /// The checksum as TFRecord stores it: rotated right by 15 bits and offset, so that a CRC
    /// taken over data that itself holds CRCs does not come out trivially (TensorFlow's
    /// `crc32c::Mask`).
    public static func masked(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
