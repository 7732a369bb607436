/// `target[i] = max(a[i], b[i])`: how `MaxAndSkip` merges the last two frames of a skip, to
/// remove the flicker of Atari sprites drawn on alternate frames (Mnih et al. 2015).
public enum ElementwiseMaximum {
    /// Any comparable scalar; bytes take a loop the compiler vectorizes.
    public static func apply<Scalar: Comparable>(_ a: UnsafeBufferPointer<Scalar>, _ b: UnsafeBufferPointer<Scalar>,
                                                 into target: UnsafeMutableBufferPointer<Scalar>) {
        precondition(a.count == target.count && b.count == target.count,
                     "the elementwise maximum needs equal sizes, got \(a.count), \(b.count) into \(target.count)")
        guard let x = a.baseAddress, let y = b.baseAddress, let z = target.baseAddress else { return }
        if Scalar.self == UInt8.self {
            bytes(UnsafeRawPointer(x).assumingMemoryBound(to: UInt8.self),
                  UnsafeRawPointer(y).assumingMemoryBound(to: UInt8.self),
                  into: UnsafeMutableRawPointer(z).assumingMemoryBound(to: UInt8.self), count: target.count)
        } else {
            for i in 0..<target.count { z[i] = Swift.max(x[i], y[i]) }
        }
    }

    /// The byte loop, non-generic so that it is compiled for UInt8 alone.
    static func bytes(_ x: UnsafePointer<UInt8>, _ y: UnsafePointer<UInt8>, into z: UnsafeMutablePointer<UInt8>, count: Int) {
        for i in 0..<count { z[i] = Swift.max(x[i], y[i]) }
    }
}
