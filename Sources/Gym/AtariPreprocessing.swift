/// The Atari preprocessing of the DQN papers (Mnih et al. 2015; Machado et al. 2018), as
/// CleanRL's Atari scripts and Stable-Baselines3's `AtariWrapper` + `VecFrameStack` set it
/// up, on an environment that gives one RGB screen per emulator frame (the ALE's
/// `NoFrameskip` environments, rlrun's `AtariEnvironment`). The wrappers, innermost first:
///
/// 1. `StickyActions`, if `stickyActionProbability` > 0: per emulator frame, as in the ALE.
/// 2. `NoopReset`, if `noopMax` > 0.
/// 3. `MaxAndSkip`, if `frameSkip` > 1, then `GrayscaleResize` to `screenSize` × `screenSize`.
/// 4. `RecordEpisodeStatistics`: here so that `info.episode` holds whole games (inside
///    `EpisodicLife`), real scores (inside `ClipReward`), lengths in agent steps.
/// 5. `EpisodicLife`, if `terminalOnLifeLoss`.
/// 6. `FireReset`, if `fireReset` and the game has FIRE as action 1 (with ≥ 3 actions).
/// 7. `ClipReward`, if `clipRewards`.
/// 8. `Flicker`, if `flickerProbability` > 0: each frame blanked with that probability (the
///    flickering games of Hausknecht & Stone 2015), before stacking so frames flicker alone.
/// 9. `FrameStack`, if `frameStack` > 1.
///
/// (Stable-Baselines3 shrinks the screen after the life and fire wrappers; those never look
/// at the screen, so doing it right after the skip gives the same observations, and lets a
/// game swap in a fused skip-and-shrink layer of its own: `skipAndShrink`.)
///
/// The defaults:
/// - `noopMax` 30, `frameSkip` 4, `screenSize` 84, `frameStack` 4: the values of the DQN paper,
///   CleanRL, Stable-Baselines3 and Gymnasium alike.
/// - `terminalOnLifeLoss` false: Gymnasium's default, and Machado et al. (2018) advise
///   against it (a game's lives are not part of its state). CleanRL and Stable-Baselines3
///   turn it on; pass true to reproduce their DQN results.
/// - `fireReset` true: as CleanRL and Stable-Baselines3; it only applies to games with FIRE.
/// - `clipRewards` true: as Stable-Baselines3's `AtariWrapper` and CleanRL. DQN's and A3C's
///   published hyperparameters (learning rate, Huber loss, value scale) assume rewards in
///   [−1, 1]; a game scoring 7 per brick would need others. Episode statistics stay unclipped.
/// - `flickerProbability` 0: the game fully observed.
/// - `stickyActionProbability` 0: the `NoFrameskip-v4` setting CleanRL and Stable-Baselines3
///   results were obtained with; 0.25 gives the ALE v5 setting Machado et al. recommend.
///
/// Bad settings throw `EnvironmentError.invalidOption` naming the setting.
public func atariPreprocessing<E: Environment>(
    _ env: E, noopMax: Int = 30, frameSkip: Int = 4, screenSize: Int = 84,
    terminalOnLifeLoss: Bool = false, fireReset: Bool = true, clipRewards: Bool = true,
    frameStack: Int = 4, stickyActionProbability: Double = 0, flickerProbability: Double = 0,
    skipAndShrink: ((AnyEnvironment<UInt8>, _ frameSkip: Int, _ screenSize: Int) throws(EnvironmentError) -> AnyEnvironment<UInt8>)? = nil
) throws(EnvironmentError) -> AnyEnvironment<UInt8> where E.Scalar == UInt8 {
    try checkAtariSettings(of: env.id, noopMax: noopMax, frameSkip: frameSkip, stickyActionProbability: stickyActionProbability)
    guard screenSize >= 1 else {
        throw .invalidOption(environment: env.id, name: "screenSize", problem: "must be a positive number of pixels, got \(screenSize)")
    }
    guard frameStack >= 1 else {
        throw .invalidOption(environment: env.id, name: "frameStack", problem: "must be 1 (no stacking) or more, got \(frameStack)")
    }
    // Each optional layer changes the type, so the stack is erased as it grows.
    var stack = try belowFrameSkip(AnyEnvironment(env), noopMax: noopMax, stickyActionProbability: stickyActionProbability)
    if let skipAndShrink {
        stack = try skipAndShrink(stack, frameSkip, screenSize)
    } else {
        if frameSkip > 1 { stack = AnyEnvironment(MaxAndSkip(stack, skip: frameSkip)) }
        stack = AnyEnvironment(try GrayscaleResize(stack, width: screenSize, height: screenSize))
    }
    stack = try aboveFrameSkip(stack, terminalOnLifeLoss: terminalOnLifeLoss, fireReset: fireReset, clipRewards: clipRewards)
    if flickerProbability > 0 { stack = AnyEnvironment(try Flicker(stack, probability: flickerProbability)) }
    if frameStack > 1 { stack = AnyEnvironment(FrameStack(stack, count: frameStack)) }
    return stack
}

/// The rules of `atariPreprocessing` for a game observed through its state vector, so that an
/// agent on `Breakout-state` plays the game the pixel agents play: no-ops after each reset,
/// each action held for `frameSkip` frames (the last frame observed: a maximum of two state
/// vectors would mean nothing), a lost life ending the agent's episode, FIRE serving after
/// every reset, clipped rewards. Episode statistics sit inside the life and clipping wrappers,
/// so `info.episode` holds whole games and real scores, as for pixels. The settings mean
/// what they mean there, and bad ones throw `EnvironmentError.invalidOption` alike.
public func atariStatePreprocessing<E: Environment>(
    _ env: E, noopMax: Int = 30, frameSkip: Int = 4, terminalOnLifeLoss: Bool = false, fireReset: Bool = true,
    clipRewards: Bool = true, stickyActionProbability: Double = 0
) throws(EnvironmentError) -> AnyEnvironment<E.Scalar> {
    try checkAtariSettings(of: env.id, noopMax: noopMax, frameSkip: frameSkip, stickyActionProbability: stickyActionProbability)
    var stack = try belowFrameSkip(AnyEnvironment(env), noopMax: noopMax, stickyActionProbability: stickyActionProbability)
    if frameSkip > 1 { stack = AnyEnvironment(FrameSkip(stack, skip: frameSkip)) }
    return try aboveFrameSkip(stack, terminalOnLifeLoss: terminalOnLifeLoss, fireReset: fireReset, clipRewards: clipRewards)
}

/// The settings every Atari stack takes, checked before anything is built.
private func checkAtariSettings(of id: String, noopMax: Int, frameSkip: Int, stickyActionProbability: Double) throws(EnvironmentError) {
    func invalid(_ name: String, _ problem: String) -> EnvironmentError {
        .invalidOption(environment: id, name: name, problem: problem)
    }
    guard noopMax >= 0 else { throw invalid("noopMax", "must be 0 (no no-ops) or more, got \(noopMax)") }
    guard frameSkip >= 1 else { throw invalid("frameSkip", "must be 1 (no skipping) or more, got \(frameSkip)") }
    guard stickyActionProbability >= 0 && stickyActionProbability <= 1 else {
        throw invalid("stickyActionProbability", "must be a probability in [0, 1], got \(stickyActionProbability)")
    }
}

/// Steps 1 and 2 of `atariPreprocessing`: sticky actions and no-ops, one emulator frame a step.
private func belowFrameSkip<Scalar>(_ env: AnyEnvironment<Scalar>, noopMax: Int, stickyActionProbability: Double)
    throws(EnvironmentError) -> AnyEnvironment<Scalar> {
    var stack = env
    if stickyActionProbability > 0 { stack = AnyEnvironment(StickyActions(stack, probability: stickyActionProbability)) }
    if noopMax > 0 { stack = AnyEnvironment(try NoopReset(stack, maxNoops: noopMax)) }
    return stack
}

/// Steps 4 to 7 of `atariPreprocessing`: whole-game statistics, lives, FIRE, clipping.
private func aboveFrameSkip<Scalar>(_ env: AnyEnvironment<Scalar>, terminalOnLifeLoss: Bool, fireReset: Bool, clipRewards: Bool)
    throws(EnvironmentError) -> AnyEnvironment<Scalar> {
    var stack = AnyEnvironment(RecordEpisodeStatistics(env))
    if terminalOnLifeLoss { stack = AnyEnvironment(EpisodicLife(stack)) }
    let meanings = stack.actionMeanings
    if fireReset && meanings.count >= 3 && meanings[1] == "FIRE" { stack = AnyEnvironment(try FireReset(stack)) }
    if clipRewards { stack = AnyEnvironment(ClipReward(stack)) }
    return stack
}
