import Foundation
import Testing
@testable import Games
import Randomness

/// The clone against ALE Pong: each test replays, frame by frame, the actions of a recording
/// that Fixtures/ALE/measure_pong.py made on ale-py 0.12.1 from reset and compares what the
/// ALE's memory held (positions in screen pixels).
@Suite struct PongALETests {
    /// Plays `actions` (indices of the minimal set) from a new game, calling `check` after each
    /// frame with its index and the reward.
    private func replay(_ actions: [Int], check: (Int, PongGame, Int) -> Void) {
        var game = PongGame(), generator = SeededGenerator(seed: 0)
        for (frame, action) in actions.enumerated() {
            let reward = game.advanceFrame(PongGame.minimalActions[action], using: &generator)
            check(frame, game, reward)
        }
    }

    /// The ball's place as the ALE's memory has it: nil once it is out of play (its row 0).
    private func ballPlace(_ game: PongGame) -> [Int]? {
        game.ball.y == 0 ? nil : [game.ball.screenX, game.ball.screenY]
    }

    /// The agent's paddle under held, released, tapped and alternating pushes: where the game
    /// puts it (its fine top) and what it read of the controller, every frame.
    @Test func paddleFollowsTheControllerFrameByFrame() throws {
        let fixture = try ALEFixture("pong_paddle")
        let (fine, smoothed, pot) = (fixture.ints("agent_y_fine"), fixture.ints("smoothed"), fixture.ints("pot"))
        var mismatches: [String] = []
        replay(fixture.actionDigits("actions")) { frame, game, _ in
            let mine = [game.agentTop, game.smoothedPaddle, game.controller.resistance]
            if mine != [fine[frame], smoothed[frame], pot[frame]] {
                mismatches.append("frame \(frame): \(mine), ALE \([fine[frame], smoothed[frame], pot[frame]])")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(3))")
        #expect(Set(fine).isSuperset(of: [24]), "the recording reaches the top")
    }

    /// A thousand frames of a tracker without FIRE: two serves, returns by both paddles, bounces
    /// off both bars and a point; the ball, its velocity and both paddles every frame.
    @Test func aRallyFollowsTheALEFrameByFrame() throws {
        let fixture = try ALEFixture("pong_ball")
        let recording = (fixture["recordings"] as! [[String: Any]])[0]
        #expect((recording["first_frame"] as! NSNumber).intValue == 0)
        let xs = recording["ball_x"] as! [Any], ys = recording["ball_y"] as! [Any]
        let (dxs, dys) = ((recording["dx"] as! [Any]).ints(), (recording["dy"] as! [Any]).ints())
        let (agent, computer) = ((recording["agent_y_fine"] as! [Any]).ints(), (recording["computer_y"] as! [Any]).ints())
        var mismatches: [String] = []
        replay((recording["actions"] as! String).map { Int(String($0))! }) { frame, game, _ in
            let ale: [Int]? = xs[frame] is NSNull ? nil : [(xs[frame] as! NSNumber).intValue, (ys[frame] as! NSNumber).intValue]
            let mine = [game.ball.dx, game.ball.dy, game.agentTop, game.opponentTop]
            let theirs = [dxs[frame], dys[frame], agent[frame], computer[frame]]
            if ballPlace(game) != ale || mine != theirs {
                mismatches.append("frame \(frame): \(String(describing: ballPlace(game))) \(mine), ALE \(String(describing: ale)) \(theirs)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(3))")
    }

    /// The first 10,000 frames of a whole game by a tracker holding FIRE half the time: the
    /// agent's returns speed the ball up to 4 pixels a frame; every frame's ball, velocity and
    /// paddles, and the score at the end.
    @Test func aGameWithFireFollowsTheALEFrameByFrame() throws {
        let fixture = try ALEFixture("pong_game")
        let bytes = [UInt8](Data(base64Encoded: fixture["frames_b64"] as! String)!).map(Int.init)
        let actions = fixture.actionDigits("actions")
        #expect(bytes.count == 6 * actions.count && actions.count == 10_000)
        var mismatches: [String] = [], fastest = 0, last = PongGame()
        replay(actions) { frame, game, _ in
            let ale = Array(bytes[(6 * frame)..<(6 * frame + 6)])
            let place = ballPlace(game) ?? [255, 255]
            let mine = place + [game.ball.dx + 8, game.ball.dy + 8, game.agentTop + 16, game.opponentTop + 16]
            if mine != ale { mismatches.append("frame \(frame): \(mine), ALE \(ale)") }
            fastest = max(fastest, abs(game.ball.dx))
            last = game
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(3))")
        let score = fixture["score_at_last_recorded_frame"] as! [String: Any]
        #expect(last.agentScore == (score["agent"] as! NSNumber).intValue && last.opponentScore == (score["computer"] as! NSNumber).intValue)
        #expect(fastest == 4)
    }

    /// Whole games of NOOP and of FIRE held: the first serve at frame 58, each point 140 frames
    /// after the one before, 21–0 on the ALE's frames; every serve where the ALE makes it.
    @Test func idleGamesScoreAndServeOnTheALEsFrames() throws {
        let points = try ALEFixture("pong_points")
        let serves = (try ALEFixture("pong_serves")["serves"] as! [[Any]])
        for recorded in (points["games"] as! [[String: Any]]).filter({ ["noop", "fire"].contains($0["policy"] as! String) }) {
            let policy = recorded["policy"] as! String, frames = (recorded["frames"] as! NSNumber).intValue
            let expectedPoints = (recorded["points"] as! [[Any]]).map { [($0[0] as! NSNumber).intValue, $0[1] as! String == "agent" ? 1 : -1] }
            var scored: [[Int]] = [], served: [[Int]] = [], before = PongGame()
            replay(Array(repeating: policy == "fire" ? 1 : 0, count: frames)) { frame, game, reward in
                if reward != 0 { scored.append([frame, reward]) }
                if game.ball.inPlay && !before.ball.inPlay {
                    served.append([frame, game.ball.screenX, game.ball.screenY, game.ball.dx, game.ball.dy, game.opponentTop])
                }
                before = game
            }
            #expect(scored == expectedPoints, "\(policy)")
            #expect(before.isOver && before.opponentScore == 21, "\(policy)")
            let expectedServes = serves.filter { $0[0] as! String == policy }
                .map { entry in [3, 5, 6, 7, 8, 10].map { (entry[$0] as! NSNumber).intValue } }
            #expect(!expectedServes.isEmpty && served == expectedServes, "\(policy)")
        }
    }

    /// The ball as the ALE's pictures show it over the same 10,000 frames: where the 2600's
    /// kernel turns it on and off partway along a line it is not a 2 × 4 block
    /// (pong_ball_pixels.json lists those frames' white pixels); elsewhere it is.
    @Test func theBallIsDrawnAsTheALEDrawsIt() throws {
        let fixture = try ALEFixture("pong_ball_pixels")
        var odd: [Int: Set<[Int]>] = [:]
        for entry in fixture["odd_frames"] as! [[Any]] {
            odd[(entry[0] as! NSNumber).intValue] = Set((entry[1] as! [[Any]]).map { $0.ints() })
        }
        #expect(odd.count > 100, "the recording has frames where the ball is not a block")
        let canvas = Canvas(width: AtariScreen.width, height: AtariScreen.height)
        var mismatches: [String] = []
        replay(try ALEFixture("pong_game").actionDigits("actions")) { frame, game, _ in
            game.draw(on: canvas)
            var white = Set<[Int]>()
            for row in PongLayout.fieldTop..<PongLayout.fieldBottom {
                for column in 0..<AtariScreen.width where canvas[column, row] == PongColor.white { white.insert([row, column]) }
            }
            let expected = odd[frame] ?? Set(game.ball.y == 0 ? [] : (game.ball.screenY..<(game.ball.screenY + 4)).flatMap { row in
                [game.ball.screenX, (game.ball.screenX + 1) % AtariScreen.width].map { [row, $0] }
            }.filter { (PongLayout.fieldTop..<PongLayout.fieldBottom).contains($0[0]) })
            if white != expected { mismatches.append("frame \(frame): \(white.sorted { $0.lexicographicallyPrecedes($1) }), ALE \(expected.sorted { $0.lexicographicallyPrecedes($1) })") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ, first: \(mismatches.prefix(2))")
    }
}
