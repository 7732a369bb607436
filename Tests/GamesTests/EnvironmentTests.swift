import Foundation
import Testing
import Games
import Gym
import Randomness

@Suite struct RegisteredEnvironments {
    /// The environment checker finds nothing wrong with any registered environment. An Atari
    /// game lasts thousands of frames, so each is checked for 700 random steps under a
    /// 300-step limit: episodes end by truncation too (the games' own tests play whole games
    /// to termination), and the pixel games stay quick in a debug build.
    @Test(arguments: environments.ids)
    func passTheChecker(id: String) {
        func limited<E: Environment>(_ env: E) -> any Environment { TimeLimit(env, maxEpisodeSteps: 300) }
        #expect(EnvironmentChecker.problems(make: { limited(try environments.make(id)) }, steps: 700) == [])
    }

    @Test func unknownIdListsTheKnownOnes() {
        #expect(throws: EnvironmentError.unknownEnvironment(id: "Cartpole", known: environments.ids)) {
            try environments.make("Cartpole")
        }
        let message = EnvironmentError.unknownEnvironment(id: "Cartpole", known: environments.ids).description
        #expect(message.contains("'Cartpole'") && message.contains("CartPole-v1"))
    }

    @Test func everyEntryHasASummary() {
        #expect(environments.entries.allSatisfy { !$0.summary.isEmpty })
    }
}

@Suite struct CartPoleEnvironment {
    @Test func spacesAreGymnasiums() {
        let env = CartPole()
        #expect(env.actionSpace == Discrete(2))
        #expect(env.observationSpace.shape == [4])
        #expect(env.observationSpace.high == [4.8, .greatestFiniteMagnitude, Float(12 * 2 * Double.pi / 360 * 2), .greatestFiniteMagnitude])
        #expect(env.observationSpace.low == env.observationSpace.high.map { -$0 })
    }

    @Test func resetDrawsWithinTheBoundsAndOptionsChangeThem() throws {
        let env = CartPole()
        for seed in 0..<50 as Range<UInt64> {
            try env.reset(seed: seed)
            #expect(env.observation().allSatisfy { abs($0) <= 0.05 })
        }
        try env.reset(seed: 1, options: ["low": -0.2, "high": -0.1])
        #expect(env.observation().allSatisfy { $0 >= -0.2 && $0 <= -0.1 })
    }

    @Test func sameSeedSameEpisodeDifferentSeedAnother() throws {
        let a = CartPole(), b = CartPole()
        try a.reset(seed: 7)
        try b.reset(seed: 7)
        #expect(a.observation() == b.observation())
        try b.reset(seed: 8)
        #expect(a.observation() != b.observation())
        // Without a seed, reset goes on with the generator: the next episode starts elsewhere.
        let first = a.observation()
        try a.reset()
        #expect(a.observation() != first)
    }

    @Test func badOptionsAreErrorsThatNameTheOption() {
        let env = CartPole()
        #expect(throws: EnvironmentError.self) { try env.reset(seed: 0, options: ["lo": 0.1]) }
        #expect(throws: EnvironmentError.self) { try env.reset(seed: 0, options: ["low": 0.1, "high": 0.1]) }
        #expect(throws: EnvironmentError.self) { try env.reset(seed: 0, options: ["low": -.infinity]) }
        do {
            try env.reset(seed: 0, options: ["lo": 0.1])
        } catch {
            #expect(error.description.contains("'lo'") && error.description.contains("low, high"))
        }
    }

    @Test func misuseIsReportedNotTrapped() throws {
        let env = CartPole()
        #expect(throws: EnvironmentError.stepBeforeReset(environment: "CartPole-v1")) { try env.step(0) }
        try env.reset(seed: 0)
        #expect(throws: EnvironmentError.actionOutsideSpace(environment: "CartPole-v1", action: 2, space: Discrete(2))) {
            try env.step(2)
        }
        var outcome = try env.step(1)
        while !outcome.terminated { outcome = try env.step(1) }
        #expect(outcome.reward == 1)
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "CartPole-v1")) { try env.step(0) }
        try env.reset()
        #expect(try env.step(0).reward == 1)
    }

    /// Through the registry (with its 500-step limit), Gymnasium's balancing trajectories end
    /// truncated at exactly step 500, with the same observations all the way.
    @Test func timeLimitTruncatesAtFiveHundredSteps() throws {
        let recorded = try RecordedTrajectories.load().trajectories.filter { $0.steps.count == 500 }
        #expect(!recorded.isEmpty)
        for trajectory in recorded {
            let cartPole = CartPole()
            let env = TimeLimit(cartPole, maxEpisodeSteps: 500)
            try env.reset(seed: 0)
            cartPole.state = trajectory.initialPhysics
            for (t, step) in trajectory.steps.enumerated() {
                let outcome = try env.step(step.action)
                #expect(env.observation() == step.observation.map(float), "step \(t)")
                #expect(outcome.terminated == step.terminated && outcome.truncated == step.truncated, "step \(t)")
                #expect(outcome.info.elapsedSteps == t + 1)
            }
            #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "CartPole-v1")) { try env.step(0) }
        }
    }
}

@Suite struct Spaces {
    @Test func discreteContainsAndSamples() {
        let space = Discrete(3)
        #expect(space.contains(0) && space.contains(2) && !space.contains(3) && !space.contains(-1))
        var generator = SeededGenerator(seed: 1)
        let samples = (0..<300).map { _ in space.sample(using: &generator) }
        #expect(Set(samples) == [0, 1, 2])
        #expect(space.description == "Discrete(3)")
    }

    @Test func boxChecksEveryElementAndRejectsNaN() {
        let box = Box<Float>(low: [-1, 0], high: [1, 2], shape: [2])
        #expect(box.contains([0, 2]) && box.contains([-1, 0]))
        #expect(!box.contains([1.5, 1]) && !box.contains([0, -0.1]) && !box.contains([.nan, 1]) && !box.contains([0]))
        #expect(Box<UInt8>(low: 0, high: 255, shape: [210, 160, 3]).description == "Box(0, 255, (210, 160, 3), uint8)")
        #expect(box.description == "Box([-1.0, 0.0], [1.0, 2.0], (2,), float32)")
    }
}

@Suite struct CartPoleRendering {
    @Test func drawsGymnasiumsPictureOnlyWhenAsked() throws {
        #expect(CartPole().render() == nil)
        let env = CartPole(renderMode: .rgbArray)
        try env.reset(seed: 0)
        env.state = CartPolePhysics(x: 0, xDot: 0, theta: 0, thetaDot: 0)
        let frame = try #require(env.render())
        #expect(frame.width == 600 && frame.height == 400)
        // Upright at the centre: cart black at the middle, pole tan above it, white sky.
        #expect(frame[280, 305] == (0, 0, 0))
        #expect(frame[300, 292] == (129, 132, 203))  // the axle
        #expect(frame[300, 250] == (202, 152, 101))
        #expect(frame[300, 150] == (255, 255, 255))
        // Leaning right, the pole's top moves right of the cart's centre.
        env.state = CartPolePhysics(x: 0, xDot: 0, theta: 0.2, thetaDot: 0)
        let leaning = try #require(env.render())
        #expect(leaning[300 + 20, 185] == (202, 152, 101))
        #expect(leaning[300, 185] == (255, 255, 255))
    }

    @Test func namesResolveToRegisteredIds() {
        #expect(environments.resolve("cartpole") == "CartPole-v1")
        #expect(environments.resolve("CARTPOLE-v1") == "CartPole-v1")
        #expect(environments.resolve("cartpol") == nil)
    }
}
