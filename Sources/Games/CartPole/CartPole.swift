import Gym
import Randomness

/// CartPole-v1 (Barto, Sutton & Anderson 1983) as Gymnasium defines it: push the cart left
/// (action 0) or right (action 1) to keep the pole up. Reward 1 for every step, the last one
/// included; the episode terminates when the pole leans past ±12° or the cart leaves ±2.4.
/// The registry wraps it in a 500-step `TimeLimit`, as Gymnasium registers it.
///
/// Observation [x, ẋ, θ, θ̇] as Float32; the state itself is kept in Double (`state`), and
/// every step matches Gymnasium's bit for bit (see `CartPolePhysics`).
public final class CartPole: Environment {
    public typealias Scalar = Float

    public let id = "CartPole-v1"
    public let actionSpace = Discrete(2)
    /// Push the cart left, push it right.
    public let actionMeanings = ["LEFT", "RIGHT"]
    public let renderMode: RenderMode
    /// Gymnasium's `metadata["render_fps"]`: one step is τ = 0.02 s.
    public let framesPerSecond = 50
    /// Twice the failure limits for position and angle, unbounded velocities: Gymnasium's.
    public let observationSpace: Box<Float> = {
        let high: [Float] = [Float(CartPolePhysics.xThreshold * 2), .greatestFiniteMagnitude,
                             Float(CartPolePhysics.thetaThresholdRadians * 2), .greatestFiniteMagnitude]
        return Box(low: high.map { -$0 }, high: high, shape: [4])
    }()

    /// The physical state (Gymnasium's `env.unwrapped.state`); set it to start from a chosen
    /// state after `reset`.
    public var state: CartPolePhysics {
        get { episode.pointee.physics }
        set {
            episode.pointee.physics = newValue
            writeObservation()
        }
    }

    private var generator = SeededGenerator(seed: 0)
    private let observationBuffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: 4)

    /// What a step reads and writes, behind a pointer allocated once: a class's stored
    /// properties would be checked for exclusive access at run time on every step, a fifth of
    /// the step's cost.
    private struct Episode {
        var physics = CartPolePhysics(x: 0, xDot: 0, theta: 0, thetaDot: 0)
        var phase = EpisodePhase.notStarted
        /// Steps in this episode, drawn as the score on `render()`'s picture.
        var steps = 0
    }


    private let episode = UnsafeMutablePointer<Episode>.allocate(capacity: 1)

    /// An environment whose generator starts from seed 0 until `reset(seed:)` gives another.
    /// Render mode rgb_array or human lets `render()` draw Gymnasium's 600 × 400 picture.
    public init(renderMode: RenderMode = .none) {
        self.renderMode = renderMode
        observationBuffer.initialize(repeating: 0)
        episode.initialize(to: Episode())
    }

    deinit {
        observationBuffer.deallocate()
        episode.deinitialize(count: 1)
        episode.deallocate()
    }

    /// Draws each state variable uniformly from [low, high], by default [−0.05, 0.05]; the
    /// options "low" and "high" change the bounds, as Gymnasium's CartPole accepts.
    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        var low = -0.05, high = 0.05
        for (name, value) in options {
            switch name {
            case "low": low = value
            case "high": high = value
            default:
                throw .invalidOption(environment: id, name: name, problem: "is not one of CartPole's options (low, high)")
            }
        }
        guard low.isFinite, high.isFinite, low < high else {
            throw .invalidOption(environment: id, name: "low", problem: "must be finite and below 'high', got low \(low), high \(high)")
        }
        if let seed { generator = SeededGenerator(seed: seed) }
        func draw() -> Double { low + (high - low) * generator.nextUniformDouble() }
        state = CartPolePhysics(x: draw(), xDot: draw(), theta: draw(), thetaDot: draw())
        episode.pointee.phase = .running
        episode.pointee.steps = 0
        return StepInfo()
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        try episode.pointee.phase.checkStep(action, in: actionSpace, environment: id)
        episode.pointee.physics.step(pushRight: action == 1)
        episode.pointee.steps += 1
        writeObservation()
        let terminated = episode.pointee.physics.hasFailed
        if terminated { episode.pointee.phase = .ended }
        return StepOutcome(reward: 1, terminated: terminated)
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(observationBuffer))
    }

    public func render() -> RGBFrame? {
        guard renderMode != .none else { return nil }
        let canvas = Canvas(width: CartPoleDrawing.width, height: CartPoleDrawing.height)
        CartPoleDrawing.draw(state, label: "STEPS \(episode.pointee.steps)", on: canvas)
        return canvas.rgbFrame(palette: CartPoleDrawing.palette)
    }

    public func close() {}

    private func writeObservation() {
        let o = episode.pointee.physics.observation
        (observationBuffer[0], observationBuffer[1], observationBuffer[2], observationBuffer[3]) = (o.0, o.1, o.2, o.3)
    }
}
