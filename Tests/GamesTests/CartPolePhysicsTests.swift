import Foundation
import Testing
import Games

/// Trajectories recorded from Gymnasium's CartPole-v1 (see Fixtures/make_cartpole_fixtures.py),
/// with every float kept as the hex of its IEEE 754 bits.
struct RecordedTrajectories: Decodable {
    struct Step: Decodable {
        let action: Int
        let state: [String]
        let observation: [String]
        let reward: Double
        let terminated: Bool
        let truncated: Bool
    }

    struct Trajectory: Decodable {
        let seed: Int
        let policy: String
        let initialState: [String]
        let steps: [Step]

        var initialPhysics: CartPolePhysics { physics(initialState) }
    }

    let gymnasium: String
    let trajectories: [Trajectory]

    static func load() throws -> RecordedTrajectories {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cartpole_v1_trajectories.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RecordedTrajectories.self, from: Data(contentsOf: url))
    }
}

func double(_ hex: String) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }
func float(_ hex: String) -> Float { Float(bitPattern: UInt32(hex, radix: 16)!) }

func physics(_ state: [String]) -> CartPolePhysics {
    CartPolePhysics(x: double(state[0]), xDot: double(state[1]), theta: double(state[2]), thetaDot: double(state[3]))
}

@Suite struct CartPolePhysicsTests {
    /// From Gymnasium's own initial states and actions, every state after every step is the
    /// same double, every observation the same float, and the pole fails on the same step.
    @Test func matchesGymnasiumBitForBit() throws {
        let recorded = try RecordedTrajectories.load()
        #expect(recorded.trajectories.count == 12)
        for trajectory in recorded.trajectories {
            var cartPole = physics(trajectory.initialState)
            for (t, step) in trajectory.steps.enumerated() {
                cartPole.step(pushRight: step.action == 1)
                let expected = physics(step.state)
                guard cartPole == expected else {
                    Issue.record("seed \(trajectory.seed) step \(t): state \(cartPole), Gymnasium \(expected)")
                    break
                }
                let observation = cartPole.observation
                #expect([observation.0, observation.1, observation.2, observation.3] == step.observation.map(float),
                        "seed \(trajectory.seed) step \(t): observation")
                #expect(cartPole.hasFailed == step.terminated, "seed \(trajectory.seed) step \(t): termination")
            }
        }
    }

    /// Both kinds of ending are in the recordings: falls, and balancing until the 500-step limit.
    @Test func recordingsCoverFallsAndTheTimeLimit() throws {
        let recorded = try RecordedTrajectories.load()
        #expect(recorded.trajectories.contains { $0.steps.last!.terminated })
        #expect(recorded.trajectories.contains { $0.steps.count == 500 && $0.steps.last!.truncated && !$0.steps.last!.terminated })
        // Reward 1 on every step, the terminating one included.
        #expect(recorded.trajectories.allSatisfy { $0.steps.allSatisfy { $0.reward == 1 } })
    }

    /// The limits are strict: exactly ±2.4 and exactly ±12° are still in play.
    @Test func failureThresholdsAreStrict() {
        let edge = CartPolePhysics.thetaThresholdRadians
        #expect(!CartPolePhysics(x: 2.4, xDot: 0, theta: 0, thetaDot: 0).hasFailed)
        #expect(!CartPolePhysics(x: -2.4, xDot: 0, theta: -edge, thetaDot: 0).hasFailed)
        #expect(CartPolePhysics(x: 2.4.nextUp, xDot: 0, theta: 0, thetaDot: 0).hasFailed)
        #expect(CartPolePhysics(x: 0, xDot: 0, theta: (-edge).nextDown, thetaDot: 0).hasFailed)
    }
}
