import Gym

/// Observation scalars a network can read: state vectors as they are, pixels scaled from
/// 0...255 to 0...1 (as the DQN papers feed frames).
public protocol AgentObservation: ObservationScalar, AdditiveArithmetic {
    /// Writes `source` as network inputs into `target` (`source.count` floats).
    static func encode(_ source: UnsafeBufferPointer<Self>, into target: UnsafeMutablePointer<Float>)
}

extension Float: AgentObservation {
    public static func encode(_ source: UnsafeBufferPointer<Float>, into target: UnsafeMutablePointer<Float>) {
        guard let base = source.baseAddress else { return }
        target.update(from: base, count: source.count)
    }
}

extension UInt8: AgentObservation {
    public static func encode(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<Float>) {
        let scale: Float = 1 / 255
        for i in 0..<source.count { target[i] = Float(source[i]) * scale }
    }
}
