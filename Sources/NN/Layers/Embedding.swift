import Tensors

/// A table of learned vectors, one per token: [vocabularySize, dimension], looked up by index
/// (PyTorch's `nn.Embedding`, initialized as it is, N(0, 1)). The gradient of a lookup adds
/// into the rows it read.
public final class Embedding: Layer {
    public let weight: Parameter

    public init(vocabularySize: Int, dimension: Int, generator: inout SeededGenerator) {
        precondition(vocabularySize > 0 && dimension > 0, "Embedding needs positive sizes, got \(vocabularySize) × \(dimension)")
        weight = Parameter(Tensor.normal(shape: [vocabularySize, dimension], generator: &generator))
    }

    public var vocabularySize: Int { weight.shape[0] }
    public var dimension: Int { weight.shape[1] }

    /// The vectors of `tokens`, [tokens.count, dimension].
    public func callAsFunction(_ tokens: [Int]) -> Tensor {
        weight.value.indexSelect(alongAxis: 0, indices: tokens)
    }

    /// The vectors of the token indices held as numbers in `input` (any shape S): S + [dimension].
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let tokens = input.scalars.map { Int($0) }
        return self(tokens).reshaped(input.shape + [dimension])
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight)] }
}
