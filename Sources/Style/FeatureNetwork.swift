import NN
import Randomness
import Tensors

/// The convolutional network whose features style transfer matches: named layers of
/// convolutions, each followed by a ReLU, with average pooling between blocks (Gatys et al.
/// found average pooling gives smoother results than max pooling). `features` runs an image
/// through it and returns the activations of the layers asked for.
public final class FeatureNetwork {
    /// One step of the network: a convolution and its ReLU, named, or a 2×2 average pooling.
    public enum Stage {
        case convolution(name: String, Conv2D)
        case pooling
    }

    public let stages: [Stage]
    /// What an image in [0, 1] is turned into before the first layer: per channel, (x − mean) / std.
    public let mean: [Float], standardDeviation: [Float]

    public init(stages: [Stage], mean: [Float] = [0, 0, 0], standardDeviation: [Float] = [1, 1, 1]) {
        (self.stages, self.mean, self.standardDeviation) = (stages, mean, standardDeviation)
    }

    /// The names of the layers, in order.
    public var layerNames: [String] {
        stages.compactMap { if case let .convolution(name, _) = $0 { name } else { nil } }
    }

    /// The activations (after the ReLU) of `layers`, in the order asked, for `image`
    /// [1, 3, H, W] in [0, 1]. Stops after the deepest layer asked for.
    public func features(of image: Tensor, layers: [String]) -> [Tensor] {
        precondition(image.rank == 4 && image.shape[1] == 3, "features of an RGB image [1, 3, H, W], got \(image.shape)")
        let wanted = Set(layers)
        var found: [String: Tensor] = [:]
        let shift = Tensor(shape: [1, 3, 1, 1], scalars: mean)
        let scale = Tensor(shape: [1, 3, 1, 1], scalars: standardDeviation.map { 1 / $0 })
        var x = (image - shift) * scale
        for stage in stages where found.count < wanted.count {
            switch stage {
            case let .convolution(name, convolution):
                x = convolution(x).relu()
                if wanted.contains(name) { found[name] = x }
            case .pooling:
                x = x.avgPool2d(kernelSize: 2, stride: 2)
            }
        }
        return layers.map { name in
            guard let features = found[name] else { preconditionFailure("no layer '\(name)'; the layers are \(layerNames.joined(separator: ", "))") }
            return features
        }
    }
}
