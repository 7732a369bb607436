// Running an optimizer's rule eight lanes at a time. An optimizer step is bound by memory
// traffic: one pass over parameter, gradient and state, as wide as the machine allows. IEEE
// arithmetic rounds each lane as it would round a scalar, so the result does not depend on
// where the lanes start.

/// Calls `rule(θ, g, s1, s2)` on consecutive groups of eight elements of `range`; the last
/// partial group is padded with zeros that are never written back.
@inline(__always)
func forEachLanes(_ range: Range<Int>, _ θ: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                  _ s1: UnsafeMutablePointer<Float>, _ s2: UnsafeMutablePointer<Float>,
                  _ rule: (inout SIMD8<Float>, SIMD8<Float>, inout SIMD8<Float>, inout SIMD8<Float>) -> Void) {
    var i = range.lowerBound
    while i + 8 <= range.upperBound {
        var θv = load(θ + i), s1v = load(s1 + i), s2v = load(s2 + i)
        rule(&θv, load(g + i), &s1v, &s2v)
        store(θv, θ + i); store(s1v, s1 + i); store(s2v, s2 + i)
        i += 8
    }
    let tail = range.upperBound - i
    guard tail > 0 else { return }
    var θv = SIMD8<Float>(), gv = SIMD8<Float>(), s1v = SIMD8<Float>(), s2v = SIMD8<Float>()
    for j in 0..<tail { (θv[j], gv[j], s1v[j], s2v[j]) = (θ[i + j], g[i + j], s1[i + j], s2[i + j]) }
    rule(&θv, gv, &s1v, &s2v)
    for j in 0..<tail { (θ[i + j], s1[i + j], s2[i + j]) = (θv[j], s1v[j], s2v[j]) }
}

/// `x` with its subnormal lanes set to 0. The running averages of a gradient that stays 0 (a
/// dead ReLU, an input that is always 0) decay geometrically into the subnormal range, where
/// this CPU computes about a hundred times slower: unflushed, Adam's step took 85% of a
/// DQN run on Pong's state vector. Values that small change no step.
@inline(__always)
func flushingSubnormals(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let tiny = SIMD8<Float>(repeating: Float.leastNormalMagnitude)
    return x.replacing(with: 0, where: (x .< tiny) .& (x .> -tiny))
}

@inline(__always)
private func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> { load(UnsafePointer(pointer)) }

@inline(__always)
private func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
