import Tensors

// Data-parallel training over a process group (as OpenAI Baselines' MpiAdam and DD-PPO, Wijmans
// et al. 2020, do it): every rank starts from rank 0's parameters, computes the gradient of its
// own share of the batch, and applies the mean of all ranks' gradients, so that every rank
// makes the same update and the parameters stay identical. One allreduce carries every
// parameter's gradient, flattened in the model's parameter order.

extension ProcessGroup {
    /// Every parameter ← rank `root`'s values: one broadcast of them all, flattened.
    public func broadcast(_ parameters: [Parameter], from root: Int = 0) throws {
        var flat = parameters.flatMap { $0.value.scalars }
        try broadcast(&flat, from: root)
        var offset = 0
        for parameter in parameters {
            parameter.update { values in
                for i in values.indices { values[i] = flat[offset + i] }
            }
            offset += parameter.count
        }
    }

    /// The gradients of `parameters`, averaged over every rank with one allreduce, in the
    /// parameters' order: what each rank then applies. A parameter this rank's loss does not
    /// reach counts as a zero gradient.
    public func averaged(_ gradients: Gradients, of parameters: [Parameter]) throws -> [Tensor] {
        try averaged(gradients[parameters], of: parameters)
    }

    /// `gradients` (one per parameter, nil where the loss does not reach it), averaged over
    /// every rank with one allreduce.
    public func averaged(_ gradients: [Tensor?], of parameters: [Parameter]) throws -> [Tensor] {
        precondition(gradients.count == parameters.count, "\(gradients.count) gradients for \(parameters.count) parameters")
        var flat = [Float]()
        flat.reserveCapacity(parameters.reduce(0) { $0 + $1.count })
        for (parameter, gradient) in zip(parameters, gradients) {
            if let gradient {
                flat.append(contentsOf: gradient.scalars)
            } else {
                flat.append(contentsOf: repeatElement(0, count: parameter.count))
            }
        }
        try average(&flat)
        var offset = 0
        return parameters.map { parameter in
            defer { offset += parameter.count }
            return Tensor(shape: parameter.shape, scalars: Array(flat[offset..<offset + parameter.count]))
        }
    }

    /// Whether every rank holds bit-identical parameters: rank 0's checksum of their bits is
    /// broadcast, each rank compares its own, and the answers are summed, so that every rank
    /// returns the same verdict.
    public func parametersAgree(_ parameters: [Parameter]) throws -> Bool {
        let checksum = parameterChecksum(parameters)
        // Four 16-bit pieces: each exact in a Float.
        var pieces = (0..<4).map { Float((checksum >> (16 * UInt64($0))) & 0xFFFF) }
        let own = pieces
        try broadcast(&pieces, from: 0)
        var agreeing = [pieces == own ? Float(1) : 0]
        try sum(&agreeing)
        return agreeing[0] == Float(size)
    }
}

/// FNV-1a over the bit patterns of every parameter, in order: equal bits give equal sums, and
/// one changed bit changes it.
public func parameterChecksum(_ parameters: [Parameter]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for parameter in parameters {
        for value in parameter.value.scalars {
            hash = (hash ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01b3
        }
    }
    return hash
}
