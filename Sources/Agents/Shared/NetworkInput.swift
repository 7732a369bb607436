import Gym

extension Environment where Scalar: AgentObservation {
    /// Writes the latest observation as network inputs (`AgentObservation.encode`) at `target`.
    func writeNetworkInput(into target: UnsafeMutablePointer<Float>) {
        withObservation { Scalar.encode($0, into: target) }
    }
}
