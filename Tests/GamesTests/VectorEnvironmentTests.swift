import Testing
import Games
import Gym
import Randomness

@Suite struct VectorEnvironmentTests {
    private func cartPoles(_ count: Int, threads: Int) throws -> VectorEnvironment<TimeLimit<CartPole>> {
        try VectorEnvironment(count: count, threads: threads) { TimeLimit(CartPole(), maxEpisodeSteps: 500) }
    }

    /// Everything the batch reports, for comparing two runs.
    private func snapshot(_ v: VectorEnvironment<TimeLimit<CartPole>>) -> [String] {
        (0..<v.count).map { i in
            "\(v.observation(i)) \(v.rewards[i]) \(v.terminated[i]) \(v.truncated[i]) \(String(describing: v.finishedGames[i])) "
                + (v.finishedGames[i] == nil ? "" : "\(v.finalObservation(i))")
        }
    }

    @Test func sameResultsOnOneThreadAndOnTwo() throws {
        let serial = try cartPoles(8, threads: 1), threaded = try cartPoles(8, threads: 2)
        try serial.reset(seed: 3)
        try threaded.reset(seed: 3)
        var actions = SeededGenerator(seed: 4)
        var episodes = 0
        for _ in 0..<600 {
            let batch = (0..<8).map { _ in actions.nextInt(below: 2) }
            try serial.step(batch)
            try threaded.step(batch)
            #expect(snapshot(serial) == snapshot(threaded))
            episodes += (0..<8).filter { serial.finishedGames[$0] != nil }.count
        }
        #expect(episodes > 50)
    }

    /// Copy i behaves as a single environment seeded with seed + i that is reset whenever its
    /// episode ends: the final observation, the episode's length and the next first observation.
    @Test func autoResetKeepsTheFinalObservationAndTheEpisode() throws {
        let vector = try cartPoles(3, threads: 2)
        try vector.reset(seed: 10)
        let singles = (0..<3).map { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        for (i, env) in singles.enumerated() { try env.reset(seed: 10 + UInt64(i)) }
        var lengths = [0, 0, 0]
        var actions = SeededGenerator(seed: 11)
        var checkedEnds = 0
        for _ in 0..<300 {
            let batch = (0..<3).map { _ in actions.nextInt(below: 2) }
            try vector.step(batch)
            for (i, env) in singles.enumerated() {
                let outcome = try env.step(batch[i])
                lengths[i] += 1
                #expect(vector.rewards[i] == Float(outcome.reward))
                #expect(vector.terminated[i] == outcome.terminated && vector.truncated[i] == outcome.truncated)
                if outcome.isEpisodeOver {
                    #expect(vector.finalObservation(i) == env.observation())
                    #expect(vector.finishedGames[i] == EpisodeStatistics(episodeReturn: Double(lengths[i]), length: lengths[i]))
                    try env.reset()
                    lengths[i] = 0
                    checkedEnds += 1
                } else {
                    #expect(vector.finishedGames[i] == nil)
                }
                #expect(vector.observation(i) == env.observation())
            }
        }
        #expect(checkedEnds > 10)
    }

    @Test func misuseIsReported() throws {
        let vector = try cartPoles(2, threads: 1)
        #expect(throws: EnvironmentError.stepBeforeReset(environment: "CartPole-v1")) { try vector.step([0, 1]) }
        try vector.reset(seed: 0)
        let before = snapshot(vector)
        #expect(throws: EnvironmentError.actionOutsideSpace(environment: "CartPole-v1", action: 7, space: Discrete(2))) {
            try vector.step([0, 7])
        }
        #expect(snapshot(vector) == before, "a rejected batch moves no copy")
    }
}

@Suite struct VectorEnvironmentInfos {
    /// On the step that ends an episode, a copy's info is the final step's, not the reset's:
    /// a time limit's step count equals the episode's length.
    @Test func endingStepsKeepTheFinalInfo() throws {
        let vector = try VectorEnvironment(count: 4, threads: 2) { TimeLimit(CartPole(), maxEpisodeSteps: 30) }
        try vector.reset(seed: 1)
        #expect((0..<4).allSatisfy { vector.infos[$0].elapsedSteps == 0 })
        var endings = 0
        for t in 0..<200 {
            try vector.step((0..<4).map { ($0 + t) % 2 })
            for i in 0..<4 {
                if let episode = vector.finishedGames[i] {
                    #expect(vector.infos[i].elapsedSteps == episode.length)
                    endings += 1
                } else {
                    #expect(vector.infos[i].elapsedSteps ?? 0 > 0)
                }
            }
        }
        #expect(endings >= 4 * 200 / 30)
    }
}
