import Randomness

/// Checks an environment against the promises of the API, in the manner of Gymnasium's
/// `utils.env_checker.check_env`: observations stay in their space, `reset(seed:)` and `step`
/// are deterministic, episodes end and restart as they should, misuse is reported as errors.
public enum EnvironmentChecker {
    /// The broken promises found, one line each; empty when there are none. `make` must build
    /// a fresh environment each call (a registry's `make(id)`, say). `steps` random actions
    /// are played, with resets as episodes end.
    public static func problems(make: () throws -> any Environment, seed: UInt64 = 0, steps: Int = 2000) -> [String] {
        do {
            return problems(of: try make(), make: make, seed: seed, steps: steps)
        } catch {
            return ["making the environment failed: \(error)"]
        }
    }

    private static func problems<E: Environment>(of first: E, make: () throws -> any Environment,
                                                 seed: UInt64, steps: Int) -> [String] {
        var found: [String] = []
        let id = first.id
        do {
            guard let second = try make() as? E else {
                return ["\(id): two calls of make gave environments of different types"]
            }
            defer { first.close(); second.close() }

            do {
                _ = try first.step(0)
                found.append("\(id): step() before reset() did not throw")
            } catch .stepBeforeReset {
            } catch {
                found.append("\(id): step() before reset() threw \(error) instead of stepBeforeReset")
            }

            try first.reset(seed: seed)
            let initial = first.observation()
            try first.reset(seed: seed)
            if first.observation() != initial { found.append("\(id): reset(seed: \(seed)) twice gave different observations") }
            if !first.observationSpace.contains(initial) { found.append("\(id): the first observation is outside \(first.observationSpace)") }

            for action in [-1, first.actionSpace.n] {
                do {
                    _ = try first.step(action)
                    found.append("\(id): action \(action), outside \(first.actionSpace), did not throw")
                } catch .actionOutsideSpace {
                } catch {
                    found.append("\(id): action \(action) threw \(error) instead of actionOutsideSpace")
                }
            }

            // Two copies, one seed, one action sequence: the same trajectory, step by step.
            try first.reset(seed: seed)
            try second.reset(seed: seed)
            var actions = SeededGenerator(seed: seed &+ 1)
            var episodesEnded = 0
            for t in 0..<steps {
                let action = first.actionSpace.sample(using: &actions)
                let a = try first.step(action), b = try second.step(action)
                if a != b || first.observation() != second.observation() {
                    found.append("\(id): two copies with seed \(seed) diverged at step \(t)")
                    break
                }
                if !first.observationSpace.contains(first.observation()) {
                    found.append("\(id): observation at step \(t) is outside \(first.observationSpace)")
                    break
                }
                if !a.reward.isFinite { found.append("\(id): reward \(a.reward) at step \(t) is not finite"); break }
                if a.isEpisodeOver {
                    episodesEnded += 1
                    do {
                        _ = try first.step(action)
                        found.append("\(id): step() after the episode ended did not throw")
                        break
                    } catch .stepAfterEpisodeEnd {
                    } catch {
                        found.append("\(id): step() after the episode ended threw \(error) instead of stepAfterEpisodeEnd")
                        break
                    }
                    try first.reset()
                    try second.reset()
                }
            }
            if episodesEnded == 0 { found.append("\(id): no episode ended in \(steps) random steps") }
        } catch {
            found.append("checking stopped on an unexpected error: \(error)")
        }
        return found
    }
}
