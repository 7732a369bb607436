import NN

/// The nonlinearity between the hidden layers of a fully connected network.
public enum HiddenActivation: String, Sendable, CaseIterable {
    /// max(x, 0): Karpathy's Pong network, most REINFORCE examples.
    case relu
    /// tanh(x): Stable-Baselines3's and CleanRL's choice for A2C/PPO on state vectors.
    case tanh

    func layer() -> any Layer {
        switch self {
        case .relu: ReLU()
        case .tanh: Tanh()
        }
    }
}
