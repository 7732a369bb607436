// Addition, subtraction, multiplication and division with NumPy broadcasting, and their
// pullbacks: the upstream gradient, scaled by the partial derivative, summed back over the
// axes each operand was broadcast along.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let result = broadcasting(a, b) { $0 + $1 }
        // The pullbacks need only the shapes, not the operands' values: keep nothing else alive.
        let (shapeA, shapeB) = (a.shape, b.shape)
        return recording(result, [
            (a, { $0.sum(toShape: shapeA) }),
            (b, { $0.sum(toShape: shapeB) }),
        ])
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let result = broadcasting(a, b) { $0 - $1 }
        let (shapeA, shapeB) = (a.shape, b.shape)
        return recording(result, [
            (a, { $0.sum(toShape: shapeA) }),
            (b, { $0.mapped { -$0 }.sum(toShape: shapeB) }),
        ])
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let result = broadcasting(a, b) { $0 * $1 }
        return recording(result, [
            (a, { broadcasting($0, b.detached()) { $0 * $1 }.sum(toShape: a.shape) }),
            (b, { broadcasting($0, a.detached()) { $0 * $1 }.sum(toShape: b.shape) }),
        ])
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let result = broadcasting(a, b) { $0 / $1 }
        return recording(result, [
            (a, { broadcasting($0, b.detached()) { $0 / $1 }.sum(toShape: a.shape) }),
            // d(a/b)/db = -a/b² = -result/b
            (b, { g in
                let quotient = result.detached()
                return broadcasting(broadcasting(g, quotient) { $0 * $1 }, b.detached()) { -$0 / $1 }
                    .sum(toShape: b.shape)
            }),
        ])
    }

    public static prefix func - (x: Tensor) -> Tensor {
        recording(x.mapped { -$0 }, [(x, { $0.mapped { -$0 } })])
    }

    // Scalars on either side.
    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(b) }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
