/// Which of Breakout's 6 × 18 bricks are standing, one bit a brick, held in two words so a
/// game stays a plain value that copies without allocating: rows 0–2 (red, orange, amber) in
/// `upper`, rows 3–5 (yellow, green, blue) in `lower`, column c of a row at bit
/// 18 × (row mod 3) + c. Row 0 is the top (red) row.
public struct BrickWall: Equatable, Sendable {
    public static let rows = 6
    public static let columns = 18
    public static let count = rows * columns

    private var upper: UInt64
    private var lower: UInt64

    /// Three rows of eighteen bits.
    private static let wordMask: UInt64 = (1 << 54) - 1

    /// A wall with every brick standing.
    public static let full = BrickWall(upper: wordMask, lower: wordMask)
    /// A wall with every brick knocked out.
    public static let empty = BrickWall(upper: 0, lower: 0)

    private init(upper: UInt64, lower: UInt64) { (self.upper, self.lower) = (upper, lower) }

    @inline(__always)
    private static func bit(row: Int, column: Int) -> UInt64 { 1 << UInt64((row % 3) * columns + column) }

    /// Whether the brick at `row` (0 at the top) and `column` (0 at the left) is standing.
    @inline(__always)
    public func contains(row: Int, column: Int) -> Bool {
        let bit = Self.bit(row: row, column: column)
        return (row < 3 ? upper : lower) & bit != 0
    }

    /// Knocks out the brick at `row`, `column` (nothing happens if it is already gone).
    @inline(__always)
    public mutating func remove(row: Int, column: Int) {
        let bit = Self.bit(row: row, column: column)
        if row < 3 { upper &= ~bit } else { lower &= ~bit }
    }

    /// Bricks still standing.
    public var standing: Int { upper.nonzeroBitCount + lower.nonzeroBitCount }

    /// Every brick is gone.
    public var isCleared: Bool { upper == 0 && lower == 0 }

    /// What a brick in `row` scores on the 2600: 7 for the top two rows (red, orange), 4 for
    /// the middle two, 1 for the bottom two.
    public static func points(row: Int) -> Int {
        switch row {
        case 0, 1: 7
        case 2, 3: 4
        default: 1
        }
    }
}
