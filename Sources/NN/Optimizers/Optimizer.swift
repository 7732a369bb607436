import Tensors

/// A gradient-descent rule: a pure per-parameter update (`applySingle`) that reads like its
/// paper, plus the state it carries for each parameter, as MLX's optimizers are built.
///
/// The extension below does the shared work: finding each parameter's state, adding L2
/// weight decay to the gradient, and saving or restoring state for checkpoints.
public protocol Optimizer: AnyObject {
    /// Prefix of this optimizer's tensors in a checkpoint: "adam" in "adam.m.0.weight".
    var name: String { get }
    /// The per-parameter state the rule keeps, each slot shaped like the parameter.
    var slotNames: [String] { get }
    /// The step size α. Set it from a `LearningRateSchedule` to anneal it.
    var learningRate: Float { get set }
    /// λ of an L2 penalty λ/2·‖θ‖², whose gradient λθ is added to the gradient before the
    /// rule runs: PyTorch's `weight_decay`. 0 turns it off.
    var weightDecay: Float { get }
    /// Every parameter's state, keyed by the parameter's identity.
    var states: OptimizerStates { get }

    /// The rule for one parameter θ of `count` elements with gradient g: writes θ and the
    /// parameter's state in place.
    func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                     count: Int, state: ParameterState)
}

extension Optimizer {
    /// One step on every parameter of `model` that received a gradient.
    public func update(_ model: some Layer, with gradients: Gradients) {
        update(model.parameters, with: gradients)
    }

    /// One step on every parameter in the list that received a gradient.
    public func update(_ parameters: [Parameter], with gradients: Gradients) {
        update(parameters, with: gradients[parameters])
    }

    /// One step per parameter with the matching gradient; parameters whose gradient is nil
    /// are skipped and their state left alone, as PyTorch skips a parameter whose `.grad` is
    /// None. This form takes gradients after `clipByGlobalNorm`, or gradients computed on
    /// another copy of the network (an A3C learner's).
    public func update(_ parameters: [Parameter], with gradients: [Tensor?]) {
        precondition(parameters.count == gradients.count,
                     "update needs one gradient per parameter: \(parameters.count) parameters, \(gradients.count) gradients")
        for (parameter, gradient) in zip(parameters, gradients) {
            if let gradient { update(parameter, gradient: gradient) }
        }
    }

    /// One step on a single parameter.
    public func update(_ parameter: Parameter, gradient: Tensor) {
        precondition(gradient.shape == parameter.shape,
                     "gradient shape \(gradient.shape) does not match its parameter's shape \(parameter.shape)")
        let state = state(for: parameter)
        var g = gradient.detached()
        if weightDecay != 0 {
            let λ = weightDecay
            parameter.value.withUnsafeBufferPointer { θ in
                g.withUnsafeMutableBufferPointer { gp in
                    let θp = θ.baseAddress!, d = gp.baseAddress!
                    for i in 0..<gp.count { d[i] += λ * θp[i] }
                }
            }
        }
        g.withUnsafeBufferPointer { gp in
            parameter.update { θ in
                applySingle(parameter: θ.baseAddress!, gradient: gp.baseAddress!, count: θ.count, state: state)
            }
        }
    }

    /// The state of `parameter`, zeroed on first use.
    public func state(for parameter: Parameter) -> ParameterState {
        states.state(for: parameter, slotNames: slotNames)
    }

    /// Sets the learning rate to the schedule's value at `step`.
    public func setLearningRate(from schedule: some LearningRateSchedule, at step: Int) {
        learningRate = schedule.learningRate(at: step)
    }
}

// Checkpoints: optimizer state as named tensors beside the network's own.
extension Optimizer {
    /// "adam.m.0.weight": this optimizer's name, the slot, the parameter's name.
    public func stateTensorName(slot: String, parameter: String) -> String { "\(name).\(slot).\(parameter)" }

    /// Every slot of every named parameter (zeros for a parameter not yet updated), plus its
    /// step count as a scalar named like a slot called "step".
    public func stateTensors(named parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for (parameterName, parameter) in parameters {
            let state = state(for: parameter)
            for slot in slotNames {
                tensors[stateTensorName(slot: slot, parameter: parameterName)] = state.tensor(slot: slot)
            }
            tensors[stateTensorName(slot: "step", parameter: parameterName)] = Tensor(Float(state.step))
        }
        return tensors
    }

    /// Restores what `stateTensors(named:)` saved. Tensors without this optimizer's prefix
    /// (the network's own weights) are ignored. Nothing is changed unless everything fits:
    /// every slot and step of every parameter present with the parameter's shape, nothing else
    /// under the prefix, and every step a whole number in 0...2²⁴ (steps are saved as Float,
    /// exact that far; anything else means a damaged file).
    public func restoreState(from tensors: [String: Tensor],
                             named parameters: [(name: String, parameter: Parameter)]) throws(OptimizerStateMismatch) {
        let slots = slotNames + ["step"]
        var expected: [(name: String, shape: [Int])] = []
        for (parameterName, parameter) in parameters {
            for slot in slots {
                expected.append((stateTensorName(slot: slot, parameter: parameterName), slot == "step" ? [] : parameter.shape))
            }
        }
        let mine = tensors.filter { $0.key.hasPrefix("\(name).") }.sorted { $0.key < $1.key }
        let values: [Tensor]
        do {
            values = try matchByName(expected: expected, found: mine.map { ($0.key, $0.value) }, shape: \.shape)
        } catch {
            let hint = error.problem == .unexpected
                ? "the networks differ in structure"
                : "saved by another optimizer (this one is '\(name)' with slots \(slotNames)) or for another network"
            throw OptimizerStateMismatch(error.message(item: "optimizer state", expectedIn: "this optimizer and network",
                                                       foundIn: "the checkpoint") + " (\(hint))")
        }
        // `expected` and `values` run parameter by parameter, each parameter's slots in order
        // and its step last.
        let steps = try parameters.indices.map { index throws(OptimizerStateMismatch) -> Int in
            let k = index * slots.count + slotNames.count
            let saved = values[k].scalar
            guard saved.isFinite, saved.rounded(.towardZero) == saved, saved >= 0, saved <= 16_777_216 else {
                throw OptimizerStateMismatch("optimizer state '\(expected[k].name)' is \(saved), but a step count is a "
                                             + "whole number in 0...16777216 (2²⁴, the most a Float counts exactly): the checkpoint is damaged")
            }
            return Int(saved)
        }
        for (index, (_, parameter)) in parameters.enumerated() {
            let state = state(for: parameter)
            for (s, slot) in slotNames.enumerated() { state.assign(slot: slot, values[index * slots.count + s]) }
            state.step = steps[index]
        }
    }
}

extension Gradients {
    /// The gradient of each parameter in order, nil where the output does not depend on it.
    public subscript(parameters: [Parameter]) -> [Tensor?] { parameters.map { self[$0] } }
}
