/// Breakout's look on the 2600: gray walls and score on black, rainbow rows of bricks, a red
/// paddle and ball. Colours are those of the ALE's Breakout frames.
extension BreakoutGame {
    public static let palette = Palette([
        (0, 0, 0),  // 0 background
        (142, 142, 142),  // 1 walls, score
        (200, 72, 72),  // 2 red: top brick row, paddle, ball
        (198, 108, 58),  // 3 orange
        (180, 122, 48),  // 4 amber
        (162, 162, 42),  // 5 yellow
        (72, 160, 72),  // 6 green
        (66, 72, 200),  // 7 blue: bottom brick row
        (66, 158, 130),  // 8 teal: the left wall's foot, beside the paddle
    ])

    static let backgroundColor: UInt8 = 0
    static let wallColor: UInt8 = 1
    static let paddleColor: UInt8 = 2
    static let leftFootColor: UInt8 = 8

    /// The palette index of brick row `row` (0 at the top): red down to blue.
    static func brickColor(row: Int) -> UInt8 { UInt8(2 + row) }

    public func draw(on canvas: Canvas) {
        typealias L = BreakoutLayout
        canvas.clear(to: Self.backgroundColor)
        for row in 0..<BrickWall.rows {
            for column in 0..<BrickWall.columns where bricks.contains(row: row, column: column) {
                canvas.fillRectangle(x: L.playLeft + column * L.brickWidth, y: L.brickTop + row * L.brickHeight,
                                     width: L.brickWidth, height: L.brickHeight, color: Self.brickColor(row: row))
            }
        }
        canvas.fillRectangle(x: paddleX, y: L.paddleTop, width: paddleWidth, height: L.paddleHeight, color: Self.paddleColor)
        if let rows = ball.screenRows {
            canvas.fillRectangle(x: ball.screenX, y: rows.lowerBound, width: L.ballWidth, height: rows.count, color: Self.paddleColor)
        }
        // The walls go over the paddle and the ball, which slide under them at the sides.
        let sideHeight = L.wallFootTop - L.topWallBottom, footHeight = L.sideWallBottom - L.wallFootTop
        canvas.fillRectangle(x: 0, y: L.topWallTop, width: AtariScreen.width, height: L.topWallBottom - L.topWallTop, color: Self.wallColor)
        canvas.fillRectangle(x: 0, y: L.topWallBottom, width: L.sideWallWidth, height: sideHeight, color: Self.wallColor)
        canvas.fillRectangle(x: L.playRight, y: L.topWallBottom, width: L.sideWallWidth, height: sideHeight, color: Self.wallColor)
        canvas.fillRectangle(x: 0, y: L.wallFootTop, width: L.sideWallWidth, height: footHeight, color: Self.leftFootColor)
        canvas.fillRectangle(x: L.playRight, y: L.wallFootTop, width: L.sideWallWidth, height: footHeight - 1, color: Self.paddleColor)
        canvas.fillRectangle(x: L.playRight, y: L.sideWallBottom - 1, width: L.sideWallWidth, height: 1, color: Self.backgroundColor)

        drawNumber(score, digits: 3, x: L.scoreLeft, on: canvas)
        drawNumber(lives, digits: 1, x: L.livesLeft, on: canvas)
        drawNumber(1, digits: 1, x: L.playerLeft, on: canvas)
    }

    /// Writes `value` with leading zeros in `digits` block digits from column `x`.
    private func drawNumber(_ value: Int, digits: Int, x: Int, on canvas: Canvas) {
        var rest = value
        for place in stride(from: digits - 1, through: 0, by: -1) {
            drawDigit(rest % 10, x: x + place * BreakoutLayout.digitPitch, on: canvas)
            rest /= 10
        }
    }

    /// One digit: a 3 × 5 grid of blocks, each `digitScaleX × digitScaleY` pixels.
    private func drawDigit(_ digit: Int, x: Int, on canvas: Canvas) {
        typealias L = BreakoutLayout
        let glyph = Self.digitGlyph(digit)
        for row in 0..<5 {
            for column in 0..<3 where glyph & (1 << (14 - 3 * row - column)) != 0 {
                canvas.fillRectangle(x: x + column * L.digitScaleX, y: L.digitTop + row * L.digitScaleY,
                                     width: L.digitScaleX, height: L.digitScaleY, color: Self.wallColor)
            }
        }
    }

    /// The blocks of `digit`, five rows of three bits, the top row in the high bits and the
    /// left column in each row's high bit.
    static func digitGlyph(_ digit: Int) -> UInt16 {
        switch digit {
        case 0: 0b111_101_101_101_111
        case 1: 0b010_010_010_010_010
        case 2: 0b111_001_111_100_111
        case 3: 0b111_001_011_001_111
        case 4: 0b101_101_111_001_001
        case 5: 0b111_100_111_001_111
        case 6: 0b100_100_111_101_111
        case 7: 0b111_001_001_001_001
        case 8: 0b111_101_111_101_111
        default: 0b111_101_111_001_001
        }
    }
}
