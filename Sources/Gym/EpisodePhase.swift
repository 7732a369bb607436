/// Where an environment is in its episode, for the checks every `step` makes first: no step
/// before `reset`, none after the episode ended, no action outside the space.
public enum EpisodePhase: Sendable {
    case notStarted, running, ended

    /// Throws the error a step in this phase with `action` deserves, if any.
    @inlinable
    public func checkStep(_ action: Int, in space: Discrete, environment id: String) throws(EnvironmentError) {
        switch self {
        case .notStarted: throw .stepBeforeReset(environment: id)
        case .ended: throw .stepAfterEpisodeEnd(environment: id)
        case .running: break
        }
        guard space.contains(action) else { throw .actionOutsideSpace(environment: id, action: action, space: space) }
    }
}
