/// Limited-memory BFGS (Liu & Nocedal 1989; Nocedal & Wright, "Numerical Optimization",
/// Algorithms 7.4 and 7.5): a quasi-Newton minimizer that builds its step from the last
/// `historySize` pairs of position and gradient changes (s, y), with a backtracking line
/// search that asks for Armijo's sufficient decrease. Gatys et al. optimized their images
/// with it; it needs a whole objective evaluation per trial point, so it is not an
/// `Optimizer` of minibatches but a minimizer of one deterministic function.
///
/// A box constraint (pixels in [0, 1]) is kept the way projected quasi-Newton methods keep it
/// (Bertsekas 1982; a simpler cousin of L-BFGS-B): the coordinates that sit on a bound with
/// the gradient pushing outward are held fixed for the iteration (their gradient, direction
/// and curvature entries zeroed), and each trial point is clipped into the box.
public final class LBFGS {
    public let historySize: Int
    /// c₁ of the Armijo condition f(x + t·d) ≤ f(x) + c₁·t·∇f·d.
    public let sufficientDecrease: Float = 1e-4
    /// Step lengths tried per line search, each half the last, before giving up.
    public let maxTrials = 20
    private var positionChanges: [[Float]] = [], gradientChanges: [[Float]] = [], curvatures: [Float] = []
    /// The first step's length (later steps try 1: the quasi-Newton scaling gives the size).
    public var firstStep: Float
    /// The last step length a steepest-descent iteration accepted.
    private var lastSteepestStep: Float?

    public init(historySize: Int = 10, firstStep: Float = 1) {
        precondition(historySize >= 1, "L-BFGS needs a history of at least 1 pair")
        (self.historySize, self.firstStep) = (historySize, firstStep)
    }

    /// The search direction −H·g by the two-loop recursion (Nocedal & Wright, Algorithm 7.4),
    /// H₀ = γI with γ = sᵀy / yᵀy of the newest pair.
    func direction(gradient g: [Float]) -> [Float] {
        var q = g
        var alphas = [Float](repeating: 0, count: positionChanges.count)
        for i in stride(from: positionChanges.count - 1, through: 0, by: -1) {
            alphas[i] = dot(positionChanges[i], q) / curvatures[i]
            axpy(-alphas[i], gradientChanges[i], &q)
        }
        if let s = positionChanges.last, let y = gradientChanges.last {
            let scale = dot(s, y) / dot(y, y)
            for j in q.indices { q[j] *= scale }
        }
        for i in positionChanges.indices {
            let beta = dot(gradientChanges[i], q) / curvatures[i]
            axpy(alphas[i] - beta, positionChanges[i], &q)
        }
        for j in q.indices { q[j] = -q[j] }
        return q
    }

    /// One iteration from `x`, where the objective is `value` with `gradient`: a direction,
    /// then a backtracking line search along it on `objective`, every coordinate kept within
    /// `bounds` when given. Moves `x` to the accepted point and returns its value and gradient;
    /// returns nil, leaving `x`, when no trial decreases the objective enough (converged, or a
    /// poor direction: the history is then cleared so the next iteration starts as gradient
    /// descent).
    public func step(_ x: inout [Float], value: Float, gradient: [Float], bounds: ClosedRange<Float>? = nil,
                     objective: ([Float]) -> (value: Float, gradient: [Float])) -> (value: Float, gradient: [Float])? {
        precondition(x.count == gradient.count, "L-BFGS needs a gradient per coordinate: \(x.count) and \(gradient.count)")
        // Coordinates on a bound that the gradient pushes outward stay put this iteration.
        let free: [Bool]? = bounds.map { bounds in
            x.indices.map { i in !((x[i] <= bounds.lowerBound && gradient[i] > 0) || (x[i] >= bounds.upperBound && gradient[i] < 0)) }
        }
        func masked(_ v: [Float]) -> [Float] {
            guard let free else { return v }
            return v.indices.map { free[$0] ? v[$0] : 0 }
        }
        let g = masked(gradient)
        var d = masked(direction(gradient: g))
        var slope = dot(g, d)
        if !(slope < 0) {   // not a descent direction: forget the curvature pairs
            clearHistory()
            d = g.map { -$0 }
            slope = dot(g, d)
            guard slope < 0 else { return nil }   // no free coordinate can descend
        }
        // With curvature pairs, the quasi-Newton step has its size (t = 1). Without (the first
        // iteration, or where the curvature came out negative: a ReLU network's loss is only
        // piecewise smooth), steepest descent starts from min(1, 1/‖g‖₁) as PyTorch's L-BFGS
        // does, then from twice the last step accepted, so that its steps grow to the scale
        // the function has instead of staying at the first guess.
        let steepest = positionChanges.isEmpty
        var t: Float = steepest ? (lastSteepestStep.map { 2 * $0 } ?? Swift.min(1, 1 / g.reduce(0) { $0 + abs($1) }) * firstStep) : 1
        for _ in 0..<maxTrials {
            var trial = x
            axpy(t, d, &trial)
            if let bounds { for i in trial.indices { trial[i] = Swift.min(Swift.max(trial[i], bounds.lowerBound), bounds.upperBound) } }
            let (trialValue, trialGradient) = objective(trial)
            // Sufficient decrease along the step actually taken (clipping may shorten it).
            let taken = zip(trial, x).map { $0 - $1 }
            if trialValue.isFinite && trialValue <= value + sufficientDecrease * dot(gradient, taken) && trialValue < value {
                if steepest { lastSteepestStep = t }
                remember(s: taken, y: masked(zip(trialGradient, gradient).map { $0 - $1 }))
                x = trial
                return (trialValue, trialGradient)
            }
            t *= 0.5
        }
        clearHistory()
        return nil
    }

    /// Keeps (s, y) when the curvature sᵀy is positive, which keeps H positive definite.
    private func remember(s: [Float], y: [Float]) {
        let curvature = dot(s, y)
        guard curvature > 1e-10 else { return }
        positionChanges.append(s)
        gradientChanges.append(y)
        curvatures.append(curvature)
        if positionChanges.count > historySize {
            positionChanges.removeFirst()
            gradientChanges.removeFirst()
            curvatures.removeFirst()
        }
    }

    public func clearHistory() { (positionChanges, gradientChanges, curvatures) = ([], [], []) }

    /// Forgets everything: the curvature pairs and the steepest-descent step length.
    public func reset() {
        clearHistory()
        lastSteepestStep = nil
    }
}

/// Σ aᵢbᵢ, accumulated in Double: images have hundreds of thousands of coordinates.
private func dot(_ a: [Float], _ b: [Float]) -> Float {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            var sum = 0.0
            for i in 0..<a.count { sum += Double(a[i]) * Double(b[i]) }
            return Float(sum)
        }
    }
}

/// y ← y + α·x.
private func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float]) {
    x.withUnsafeBufferPointer { x in
        y.withUnsafeMutableBufferPointer { y in
            for i in 0..<x.count { y[i] += alpha * x[i] }
        }
    }
}
