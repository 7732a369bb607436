import Foundation
import Testing
@testable import Games
import Randomness

/// The clone against ALE Breakout: each test replays, frame by frame, the actions of a
/// recording that Fixtures/ALE/measure_breakout.py made on ale-py 0.12.1 and compares what
/// the ALE showed (positions in screen pixels, as drawn).
@Suite struct BreakoutALETests {
    /// Plays `actions` (indices of the minimal set) from a new game, calling `check` after each
    /// frame with its index.
    private func replay(_ actions: [Int], check: (Int, BreakoutGame) -> Void) {
        var game = BreakoutGame(), generator = SeededGenerator(seed: 0)
        game.reset(using: &generator)
        for (frame, action) in actions.enumerated() {
            _ = game.advanceFrame(BreakoutGame.minimalActions[action], using: &generator)
            check(frame, game)
        }
    }

    /// The paddle under held, released and alternating joystick pushes: its column and the
    /// game's reading of the controller, every frame (the one-frame lag, the easing in and the
    /// coasting, the limits 8 and 144).
    @Test func paddleFollowsTheControllerFrameByFrame() throws {
        let fixture = try ALEFixture("breakout_paddle")
        let (expectedX, expectedReading) = (fixture.ints("paddle_x"), fixture.ints("pot_reading"))
        var mismatches: [String] = []
        replay(fixture.ints("actions")) { frame, game in
            if game.paddleX != expectedX[frame] || game.paddle.reading != expectedReading[frame] {
                mismatches.append("frame \(frame): x \(game.paddleX) reading \(game.paddle.reading), ALE \(expectedX[frame]) \(expectedReading[frame])")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(3))")
        #expect(Set(expectedX).isSuperset(of: [8, 144]), "the recording reaches both limits")
    }

    /// FIRE after 0 to 47 no-ops: the ball appears in the FIRE frame at one of four places the
    /// frame counter picks, and moves 1 pixel a frame each way.
    @Test func servesComeFromTheFrameCounter() throws {
        let fixture = try ALEFixture("breakout_serves")
        let serves = fixture["serves"] as! [[String: Any]]
        #expect(serves.count >= 40)
        for serve in serves {
            let noops = (serve["noops_before_fire"] as! NSNumber).intValue
            var positions: [[Int]] = []
            replay(Array(repeating: 0, count: noops) + [1] + Array(repeating: 0, count: 6)) { frame, game in
                if frame >= noops { positions.append([game.ball.screenX, game.ball.screenTop]) }
            }
            let expected = [(serve["first_ball"] as! [Any]).ints()] + (serve["next_positions"] as! [[Any]]).map { $0.ints() }
            #expect(positions == expected, "FIRE after \(noops) no-ops")
        }
    }

    /// A long rally with a paddle that aims, through every speed level and both paddle
    /// widths: the ball's column and top row, the paddle's column and width, every frame.
    @Test func aRallyFollowsTheALEFrameByFrame() throws {
        let fixture = try ALEFixture("breakout_ball_phases")
        let frames = [UInt8](Data(base64Encoded: fixture["frames_b64"] as! String)!)
        let count = frames.count / 4
        #expect(count == (fixture["frames"] as! NSNumber).intValue)
        let actions = (0..<count).map { Int(frames[4 * $0] & 3) }
        var mismatches: [String] = [], levels: Set<Int> = [], shrunkFrames = 0
        replay(actions) { frame, game in
            let ale = frames[(4 * frame)..<(4 * frame + 4)].map(Int.init)
            let aleShrunk = ale[0] & 4 != 0, aleBallX = ale[1], aleTop = ale[2], alePaddle = ale[3]
            let ballX = game.ball.isInPlay ? game.ball.screenX : 255
            if ballX != aleBallX || game.ball.screenTop != aleTop || game.paddleX != alePaddle || game.isPaddleShrunk != aleShrunk {
                mismatches.append("frame \(frame): ball (\(ballX), \(game.ball.screenTop)) paddle \(game.paddleX), ALE (\(aleBallX), \(aleTop)) \(alePaddle)")
            }
            levels.insert(game.speedLevel)
            if aleShrunk { shrunkFrames += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(count) frames differ, first: \(mismatches.prefix(3))")
        #expect(levels == [0, 4, 8, 12, 16] && shrunkFrames > 0, "the rally covers every speed level and the shrunk paddle")
    }

    /// The same game played on to frame 20,000: every serve, paddle hit, brick (with the score
    /// after it), lost ball and second wall on the ALE's frame; both walls cleared (864) and the
    /// game still going, as on the ALE.
    @Test func aWholeGameScoresAndRefillsOnTheALEsFrames() throws {
        let fixture = try ALEFixture("breakout_walls")
        var serves: [Int] = [], hits: [Int] = [], bricks: [[Int]] = [], lost: [[Int]] = [], walls: [Int] = []
        var before = BreakoutGame()
        replay(fixture.actionDigits("actions")) { frame, game in
            if game.ball.isInPlay && !before.ball.isInPlay { serves.append(frame) }
            if game.hasHitPaddle && !before.hasHitPaddle { hits.append(frame) }
            if game.score != before.score { bricks.append([frame, game.score]) }
            if game.lives != before.lives { lost.append([frame, game.lives]) }
            if game.wall != before.wall { walls.append(frame) }
            before = game
        }
        #expect(serves == fixture.events("serve").map { $0[0] })
        #expect(hits == fixture.events("paddle").map { $0[0] })
        #expect(bricks == fixture.events("brick").map { [$0[0], $0.last!] })
        #expect(lost == fixture.events("lost").map { [$0[0], $0[1]] })
        // The first "refill" is the end of the opening animation, on a wall already full.
        #expect(walls == fixture.events("refill").dropFirst().map { $0[0] })
        let final = fixture["final"] as! [String: Any]
        #expect(before.score == 864 && before.score == (final["score"] as! NSNumber).intValue && !before.isOver)
        #expect(before.lives == (final["lives"] as! NSNumber).intValue && before.bricks.standing == 0)
    }

    /// Five balls lost at the left wall: the game row where each is lost, the frame the lives
    /// drop, and the game's end on the fifth.
    @Test func lostBallsEndTheGameOnTheALEsFrames() throws {
        let fixture = try ALEFixture("breakout_lost_ball")
        let perFrame = (fixture["per_frame"] as! [[Any]]).map { $0.ints() }
        var mismatches: [String] = [], overAt: Int?
        replay(fixture.ints("actions")) { frame, game in
            let mine = [game.ball.row, game.ball.screenTop, game.lives]
            if mine != perFrame[frame] { mismatches.append("frame \(frame): \(mine), ALE \(perFrame[frame])") }
            if game.isOver && overAt == nil { overAt = frame }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(3))")
        #expect(overAt == (fixture["game_over_frame"] as! NSNumber).intValue)
    }

    /// Paddle hits at every offset, from whole games with a paddle aiming at random offsets:
    /// each hit on the ALE's frame, with its angle (steep or shallow) and the side the ball
    /// leaves to.
    @Test func paddleOffsetsPickTheALEsAngles() throws {
        let fixture = try ALEFixture("breakout_angles")
        let fields = (fixture["event_fields"] as! [String: Any])["paddle"] as! [String]
        let (angle, dxOut) = (fields.firstIndex(of: "angle")! - 1, fields.firstIndex(of: "dx_out")! - 1)
        for recorded in fixture["games"] as! [[String: Any]] {
            let actions = (recorded["actions"] as! String).map { Int(String($0))! }
            let expected = fixture.events("paddle", in: recorded["hits"] as? [Any] ?? recorded["events"] as? [Any])
                .map { [$0[0], $0[angle], $0[dxOut].signum()] }
            var hits: [[Int]] = [], before = BreakoutGame()
            replay(actions) { frame, game in
                if game.hasHitPaddle && !before.hasHitPaddle { hits.append([frame, game.isSteep ? 2 : 0, game.ball.dx.signum()]) }
                before = game
            }
            #expect(!expected.isEmpty && hits == expected, "game \(recorded["seed"] ?? "?"): \(hits.count) hits, ALE \(expected.count)")
        }
    }
}
