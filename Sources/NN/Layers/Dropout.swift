import Tensors

/// Inverted dropout (Srivastava et al. 2014): in training, each element is zeroed with
/// probability `rate` and the survivors are scaled by 1/(1 − rate), so that evaluation, which
/// passes the input through unchanged, sees activations of the same expected size. The masks
/// come from the layer's own generator, seeded when it is made: the same seed drops the same
/// elements.
public final class Dropout: ParameterlessLayer {
    public let rate: Float
    public private(set) var isTraining = true
    private var generator: SeededGenerator

    public init(rate: Float, generator: inout SeededGenerator) {
        precondition(rate >= 0 && rate < 1, "Dropout's rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = generator.split()
    }

    public func setTraining(_ training: Bool) { isTraining = training }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining && rate > 0 else { return input }
        let keep = 1 - rate, scale = 1 / keep
        var mask = Tensor(zeros: input.shape)
        mask.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = generator.nextUniform() < keep ? scale : 0 }
        }
        return input * mask
    }
}
