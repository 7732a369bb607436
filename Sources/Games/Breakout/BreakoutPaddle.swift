/// Breakout's paddle as the ALE moves it. The 2600 reads a paddle controller (a
/// potentiometer), which the ALE turns from the joystick (`PaddleController`). The game reads
/// the resistance as a number, the pot reading, and each frame moves the paddle half the way
/// to where the previous frame's reading puts it: the paddle starts a frame late, eases in and
/// coasts a few pixels after the joystick is let go. Measured frame by frame
/// (Tests/GamesTests/Fixtures/ALE/breakout_paddle.json): holding RIGHT from the start moves it
/// 0, 3, 5, 4, 5, 6, 6, 6, 5, 5 pixels in its first frames.
public struct BreakoutPaddle: Equatable, Sendable {
    public internal(set) var controller = PaddleController()
    /// The game's reading of the resistance in the last frame drawn (0 … 184).
    public internal(set) var reading = 88
    /// The left edge in the game's own horizontal units: the screen column plus 47.
    public internal(set) var position = 146

    /// The screen column of the paddle's left edge: 99 at the start, 8 … 144 (at 144 it slides
    /// 8 pixels under the right wall).
    public var x: Int { position - 47 }

    mutating func turn(_ action: AtariAction) { controller.turn(action) }

    /// Half the way toward where the last reading points, within 8 … 144 on the screen.
    mutating func move() {
        position = min(max((position + 235 - reading) >> 1, 55), 191)
    }

    /// The reading the game takes of the resistance while it draws the frame.
    mutating func read() {
        reading = Self.reading(of: controller.resistance)
    }

    /// The game's reading of every resistance the ALE's steps reach (101 of them, sorted),
    /// measured by `measure_breakout.py` (`pot_table` in breakout_paddle.json): the number of
    /// scanlines the controller's capacitor takes to charge, as the game counts them.
    static func reading(of resistance: Int) -> Int {
        var low = 0, high = resistances.count - 1
        while low < high {
            let middle = (low + high) / 2
            if resistances[middle] < resistance { low = middle + 1 } else { high = middle }
        }
        precondition(resistances[low] == resistance, "the ALE never sets a paddle resistance of \(resistance)")
        return readings[low]
    }

    static let resistances: [Int] = [
        27450, 31196, 40823, 50450, 54196, 63823, 73450, 77196, 86823, 96450,
        100196, 109823, 119450, 123196, 132823, 142450, 146196, 155823, 165450, 169196,
        178823, 188450, 192196, 201823, 211450, 215196, 224823, 234450, 238196, 247823,
        257450, 261196, 270823, 280450, 284196, 293823, 303450, 307196, 316823, 326450,
        330196, 339823, 349450, 353196, 362823, 372450, 376196, 385823, 395450, 399196,
        408823, 418450, 422196, 431823, 441450, 445196, 454823, 464450, 468196, 477823,
        487450, 491196, 500823, 510450, 514196, 523823, 533450, 537196, 546823, 556450,
        560196, 569823, 579450, 583196, 592823, 602450, 606196, 615823, 625450, 629196,
        638823, 648450, 652196, 661823, 671450, 675196, 684823, 694450, 698196, 707823,
        717450, 721196, 730823, 740450, 744196, 753823, 763450, 767196, 776823, 786450,
        790196,
    ]
    static let readings: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 12, 16, 18, 18, 22, 24, 24, 26, 28, 30,
        32, 34, 34, 38, 40, 40, 44, 46, 46, 48, 50, 52, 54, 56, 58, 60, 62, 64, 66, 68,
        68, 72, 74, 74, 76, 80, 80, 82, 84, 86, 88, 90, 92, 94, 96, 98, 100, 102, 104, 106,
        108, 108, 112, 114, 114, 116, 120, 120, 122, 126, 126, 128, 130, 132, 134, 136, 138, 140, 142, 144,
        146, 148, 150, 152, 154, 154, 158, 160, 160, 164, 166, 166, 168, 172, 172, 174, 178, 178, 180, 182,
        184,
    ]
}
