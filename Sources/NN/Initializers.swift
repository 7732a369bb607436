import Tensors

/// How a parameter's first values are drawn: a function of its shape and a seeded generator,
/// so that the same seed gives the same network.
///
/// Fans are computed as PyTorch's `_calculate_fan_in_and_fan_out` does (see `fans(of:)`), and
/// every default below is PyTorch's (`torch.nn.init`), stated on each initializer.
public struct Initializer: Sendable {
    private let draw: @Sendable ([Int], inout SeededGenerator) -> Tensor

    public init(_ draw: @escaping @Sendable (_ shape: [Int], _ generator: inout SeededGenerator) -> Tensor) {
        self.draw = draw
    }

    /// A tensor of `shape` drawn from this initializer.
    public func callAsFunction(_ shape: [Int], generator: inout SeededGenerator) -> Tensor {
        draw(shape, &generator)
    }
}

extension Initializer {
    /// Fan-in and fan-out as PyTorch computes them: a matrix [out, in] has fans (in, out); a
    /// convolution filter [O, C, KH, KW] has fans (C·KH·KW, O·KH·KW), each channel count
    /// times the receptive field. A vector (a bias), which PyTorch refuses, gets fan-in = fan-out
    /// = its length.
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        default:
            let receptiveField = shape.dropFirst(2).reduce(1, *)
            return (shape[1] * receptiveField, shape[0] * receptiveField)
        }
    }

    /// Every element 0.
    public static let zeros = Initializer { shape, _ in Tensor(zeros: shape) }

    /// Every element `value`.
    public static func constant(_ value: Float) -> Initializer {
        Initializer { shape, _ in Tensor(repeating: value, shape: shape) }
    }

    /// U(−a, a) with a = gain·√(6 / (fanIn + fanOut)): Glorot & Bengio (2010), "Understanding
    /// the difficulty of training deep feedforward neural networks", eq. 16, which keeps the
    /// variance of activations and of gradients about equal from layer to layer.
    /// Default gain 1, as `torch.nn.init.xavier_uniform_` (and Keras' `glorot_uniform`).
    public static func glorotUniform(gain: Float = 1) -> Initializer {
        Initializer { shape, generator in
            let (fanIn, fanOut) = fans(of: shape)
            let bound = gain * (6 / Float(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape: shape, low: -bound, high: bound, generator: &generator)
        }
    }

    /// N(0, σ²) with σ = gain/√fanIn: He et al. (2015), "Delving Deep into Rectifiers", eq. 10,
    /// which keeps the variance of activations constant through ReLU layers.
    /// Default gain √2 (ReLU) and fan-in mode, as `torch.nn.init.kaiming_normal_`; PyTorch
    /// draws a plain (untruncated) normal, and so does this.
    public static func heNormal(gain: Float = Float(2).squareRoot()) -> Initializer {
        Initializer { shape, generator in
            let standardDeviation = gain / Float(fans(of: shape).fanIn).squareRoot()
            return Tensor.normal(shape: shape, standardDeviation: standardDeviation, generator: &generator)
        }
    }

    /// U(−a, a) with a = gain·√(3 / fanIn): He initialization with a uniform draw of the same
    /// variance (`torch.nn.init.kaiming_uniform_`, default gain √2).
    public static func heUniform(gain: Float = Float(2).squareRoot()) -> Initializer {
        Initializer { shape, generator in
            let bound = gain * (3 / Float(fans(of: shape).fanIn)).squareRoot()
            return Tensor.uniform(shape: shape, low: -bound, high: bound, generator: &generator)
        }
    }

    /// A (semi-)orthogonal matrix times `gain`: Saxe et al. (2014), "Exact solutions to the
    /// nonlinear dynamics of learning in deep linear neural networks". The usual choice in RL
    /// (PPO and A2C implementations use gain √2 for hidden layers, 0.01 for a policy head).
    ///
    /// As `torch.nn.init.orthogonal_` (default gain 1): the shape is viewed as
    /// [rows = shape[0], columns = the rest] (a conv filter flattened to [O, C·KH·KW]); a
    /// normal matrix of the taller orientation is orthonormalized by QR, so rows are
    /// orthonormal when rows ≤ columns and columns are otherwise. QR here is modified
    /// Gram–Schmidt, whose R has a positive diagonal: Q is then Haar-distributed, as PyTorch
    /// gets by multiplying Q by the signs of diag(R).
    public static func orthogonal(gain: Float = 1) -> Initializer {
        Initializer { shape, generator in
            precondition(shape.count >= 2, "orthogonal initialization needs at least 2 dimensions, got shape \(shape)")
            let rows = shape[0], columns = shape.dropFirst().reduce(1, *)
            let tall = max(rows, columns), wide = min(rows, columns)
            // q is [tall, wide], column j at q[i·wide + j]; its columns become orthonormal.
            var q = Tensor.normal(shape: [tall, wide], generator: &generator).scalars
            orthonormalizeColumns(&q, rows: tall, columns: wide)
            var values = [Float](repeating: 0, count: rows * columns)
            for i in 0..<tall {
                for j in 0..<wide {
                    // [rows, columns] is q itself when tall, its transpose when wide.
                    let target = rows >= columns ? i * columns + j : j * columns + i
                    values[target] = gain * q[i * wide + j]
                }
            }
            return Tensor(shape: shape, scalars: values)
        }
    }

    /// Modified Gram–Schmidt on the columns of a row-major [rows, columns] matrix (rows ≥
    /// columns), in Double for accuracy. Each column loses its projections on the earlier
    /// (already orthonormal) columns and is then normalized. The columns are worked on
    /// transposed, each contiguous, through raw pointers: a 3136 × 512 layer (the Nature
    /// CNN's) takes 0.8 G multiply-adds, which array subscripts make slow in debug builds.
    private static func orthonormalizeColumns(_ a: inout [Float], rows: Int, columns: Int) {
        var m = [Double](repeating: 0, count: rows * columns)   // column j at m[j·rows...]
        for i in 0..<rows { for j in 0..<columns { m[j * rows + i] = Double(a[i * columns + j]) } }
        m.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for j in 0..<columns {
                let column = base + j * rows
                for k in 0..<j {
                    let earlier = base + k * rows
                    var dot = 0.0
                    for i in 0..<rows { dot += earlier[i] * column[i] }
                    for i in 0..<rows { column[i] -= dot * earlier[i] }
                }
                var norm = 0.0
                for i in 0..<rows { norm += column[i] * column[i] }
                norm = norm.squareRoot()
                precondition(norm > 1e-12, "orthogonal initialization drew a degenerate matrix; use another seed")
                for i in 0..<rows { column[i] /= norm }
            }
        }
        for i in 0..<rows { for j in 0..<columns { a[i * columns + j] = Float(m[j * rows + i]) } }
    }
}
