import Randomness

/// The actions {0, 1, …, n − 1}: Gymnasium's `Discrete(n)`. CartPole, Pong and Breakout all
/// act in one.
public struct Discrete: Equatable, Sendable, CustomStringConvertible {
    public let n: Int

    public init(_ n: Int) {
        precondition(n > 0, "a Discrete space needs at least one action, got \(n)")
        self.n = n
    }

    public func contains(_ action: Int) -> Bool { action >= 0 && action < n }

    /// A uniformly random action.
    public func sample(using generator: inout SeededGenerator) -> Int { generator.nextInt(below: n) }

    public var description: String { "Discrete(\(n))" }
}

/// The element types observations come in: Float32 for state vectors, UInt8 for pixels.
public protocol ObservationScalar: Comparable, Hashable, Sendable {
    /// NumPy's name for the type, as Gymnasium prints it.
    static var dtypeName: String { get }
    /// The whole range of the type, when it has one that every value lies in (UInt8's
    /// 0...255); nil for Float, whose NaN lies in no range.
    static var everyValue: ClosedRange<Self>? { get }
}

extension Float: ObservationScalar {
    public static var dtypeName: String { "float32" }
    public static var everyValue: ClosedRange<Float>? { nil }
}

extension UInt8: ObservationScalar {
    public static var dtypeName: String { "uint8" }
    public static var everyValue: ClosedRange<UInt8>? { 0...255 }
}

/// A box of observations with a lower and upper bound per element: Gymnasium's `Box`.
public struct Box<Scalar: ObservationScalar>: Equatable, Sendable, CustomStringConvertible {
    public let shape: [Int]
    public let low: [Scalar]
    public let high: [Scalar]
    /// The bounds are the type's whole range (pixels in 0...255), so every value lies inside.
    private let isEveryValue: Bool

    /// Bounds given per element, in row-major order.
    public init(low: [Scalar], high: [Scalar], shape: [Int]) {
        let count = shape.reduce(1, *)
        precondition(low.count == count && high.count == count,
                     "Box of shape \(shape) needs \(count) bounds, got \(low.count) low and \(high.count) high")
        precondition(zip(low, high).allSatisfy { $0 <= $1 }, "Box bounds need low ≤ high everywhere")
        (self.low, self.high, self.shape) = (low, high, shape)
        isEveryValue = Scalar.everyValue.map { range in low.allSatisfy { $0 == range.lowerBound } && high.allSatisfy { $0 == range.upperBound } } ?? false
    }

    /// The same bounds for every element (pixels in 0...255, say).
    public init(low: Scalar, high: Scalar, shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(low: Array(repeating: low, count: count), high: Array(repeating: high, count: count), shape: shape)
    }

    /// Number of elements in one observation.
    public var count: Int { low.count }

    /// Whether every element lies within its bounds (a NaN never does).
    public func contains(_ values: UnsafeBufferPointer<Scalar>) -> Bool {
        guard values.count == count else { return false }
        if isEveryValue { return true }
        for i in 0..<count where !(values[i] >= low[i] && values[i] <= high[i]) { return false }
        return true
    }

    public func contains(_ values: [Scalar]) -> Bool { values.withUnsafeBufferPointer { contains($0) } }

    public var description: String {
        let bounds = Set(low).count == 1 && Set(high).count == 1 ? "\(low[0]), \(high[0])" : "\(low), \(high)"
        return "Box(\(bounds), (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")), \(Scalar.dtypeName))"
    }
}
