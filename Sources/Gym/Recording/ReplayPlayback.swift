extension EpisodeReplay {
    /// Plays this episode back in `environment`: resets it with the recorded seed and options,
    /// steps the recorded actions, and checks that the same return and length come out. An
    /// environment that is deterministic given its seed (all of rlrun's are) reproduces the
    /// episode exactly, frame for frame. `environment` may be the `any Environment` the
    /// registry makes; give it a render mode that draws to show frames.
    ///
    /// `onStep` is called after the reset with 0 and after each step with the number of steps
    /// taken so far, so the caller can show `environment.render()`.
    ///
    /// Returns the replayed return and length, which equal the recorded ones. Throws
    /// `.wrongEnvironment` when the ids differ, `.environmentFailed` when the environment
    /// rejects the reset or an action, and `.outcomeMismatch` naming both figures when the
    /// return or length differs, or the episode does not end on the last recorded action.
    @discardableResult
    public func play(in environment: some Environment, onStep: (_ stepsTaken: Int) -> Void = { _ in }) throws(ReplayError) -> EpisodeStatistics {
        guard environment.id == environmentID else {
            throw .wrongEnvironment(recorded: environmentID, given: environment.id)
        }
        do {
            try environment.reset(seed: seed, options: options)
        } catch {
            throw .environmentFailed(error)
        }
        onStep(0)
        var replayed = EpisodeStatistics(episodeReturn: 0, length: 0)
        var ended = false
        for action in actions {
            let outcome: StepOutcome
            do {
                outcome = try environment.step(action)
            } catch {
                throw .environmentFailed(error)
            }
            // Summed in the order the recorder summed, so an exact replay gives the same bits.
            replayed.episodeReturn += outcome.reward
            replayed.length += 1
            onStep(replayed.length)
            ended = outcome.isEpisodeOver
            if ended { break }
        }
        // A recorded episode ends on its last action: ending sooner or not at all is divergence.
        guard ended, replayed == statistics else {
            throw .outcomeMismatch(environment: environmentID, seed: seed, recorded: statistics,
                                   replayed: replayed, episodeEnded: ended)
        }
        return replayed
    }
}
