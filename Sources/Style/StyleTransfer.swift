import Gym
import NN
import Tensors

/// Neural style transfer (Gatys, Ecker & Bethge 2015): an image whose features at one layer
/// match the content image's and whose Gram matrices at several layers match the style
/// image's, found by descent on its pixels. Starts from the content image (Gatys et al. start
/// from noise; starting from the content converges in fewer steps and is what most
/// implementations do) and keeps the pixels in [0, 1]. Two optimizers: Adam, one gradient a
/// step, and L-BFGS as Gatys et al. used it, one quasi-Newton iteration a step (a line search
/// may evaluate the loss more than once).
public final class StyleTransfer {
    public enum Method: String, Sendable, CaseIterable { case adam, lbfgs }

    public struct Settings: Sendable {
        public var contentLayer = "conv4_2"
        public var styleLayers = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]
        /// α and β of Gatys' L = α L_content + β L_style (each style layer weighs β / layers).
        public var contentWeight: Float = 1
        public var styleWeight: Float = 1e6
        public var steps = 300
        public var method = Method.adam
        /// Adam's step on pixels in [0, 1] (L-BFGS scales its own steps).
        public var learningRate: Float = 0.02
        public init() {}
    }

    public let network: FeatureNetwork
    public let settings: Settings
    /// The pixels being optimized, [1, 3, H, W] in [0, 1].
    public let image: Parameter
    private let contentTarget: Tensor
    private let styleTargets: [Tensor]
    private let adam: Adam
    private let lbfgs = LBFGS()
    /// L-BFGS's objective and gradient at `image`, carried from one iteration to the next.
    private var current: (losses: Losses, gradient: [Float])?
    /// Whether L-BFGS found no further decrease: later steps change nothing.
    public private(set) var converged = false
    /// Evaluations of the loss and its gradient so far (one per Adam step; one or more per
    /// L-BFGS iteration).
    public private(set) var evaluations = 0

    /// A transfer onto `content`'s size; `style` is used at its own size.
    public init(network: FeatureNetwork, content: RGBFrame, style: RGBFrame, settings: Settings) {
        (self.network, self.settings) = (network, settings)
        let contentImage = imageTensor(content), styleImage = imageTensor(style)
        contentTarget = withoutGradients { network.features(of: contentImage, layers: [settings.contentLayer])[0] }
        styleTargets = withoutGradients { network.features(of: styleImage, layers: settings.styleLayers).map(gramMatrix) }
        image = Parameter(contentImage)
        adam = Adam(learningRate: settings.learningRate)
    }

    /// The losses of an image: (content, style, total), each already weighted.
    public struct Losses: Sendable { public let content: Float, style: Float, total: Float }

    /// The losses of `pixels` [1, 3, H, W] and the gradient of the total with respect to them.
    public func evaluate(_ pixels: Tensor) -> (losses: Losses, gradient: Tensor) {
        evaluations += 1
        let leaf = pixels.requiresGradient ? pixels : pixels.requiringGradient()
        let features = network.features(of: leaf, layers: [settings.contentLayer] + settings.styleLayers)
        let content = contentLoss(features: features[0], target: contentTarget) * settings.contentWeight
        let perLayer = settings.styleWeight / Float(settings.styleLayers.count)
        let style = styleLoss(features: Array(features.dropFirst()), targetGrams: styleTargets,
                              weights: Array(repeating: perLayer, count: settings.styleLayers.count))
        let total = content + style
        let gradient = total.gradients()[leaf] ?? Tensor(zeros: pixels.shape)
        return (Losses(content: content.scalar, style: style.scalar, total: total.scalar), gradient)
    }

    /// One step on the pixels (an Adam step, or an L-BFGS iteration); returns the losses before it.
    @discardableResult
    public func step() -> Losses {
        switch settings.method {
        case .adam:
            let (losses, gradient) = evaluate(image.value)
            adam.update([image], with: [gradient])
            image.assign(image.value.detached().clamped(min: 0, max: 1))
            return losses
        case .lbfgs:
            let shape = image.shape
            let before = current ?? {
                let (losses, gradient) = evaluate(image.value)
                return (losses, gradient.scalars)
            }()
            current = before
            guard !converged else { return before.losses }
            var x = image.value.scalars
            var accepted: Losses?
            let result = lbfgs.step(&x, value: before.losses.total, gradient: before.gradient, bounds: 0...1) { trial in
                let (losses, gradient) = evaluate(Tensor(shape: shape, scalars: trial))
                accepted = losses
                return (losses.total, gradient.scalars)
            }
            if let result, let accepted {
                image.assign(Tensor(shape: shape, scalars: x))
                current = (accepted, result.gradient)
            } else {
                converged = true
            }
            return before.losses
        }
    }

    /// The image as it stands.
    public var picture: RGBFrame { rgbFrame(image.value) }
}

/// `frame` as [1, 3, H, W] in [0, 1].
public func imageTensor(_ frame: RGBFrame) -> Tensor {
    let (w, h) = (frame.width, frame.height)
    var scalars = [Float](repeating: 0, count: 3 * w * h)
    for y in 0..<h {
        for x in 0..<w {
            for c in 0..<3 { scalars[(c * h + y) * w + x] = Float(frame.pixels[(y * w + x) * 3 + c]) / 255 }
        }
    }
    return Tensor(shape: [1, 3, h, w], scalars: scalars)
}

/// [1, 3, H, W] in [0, 1] as an RGB frame, rounded.
func rgbFrame(_ image: Tensor) -> RGBFrame {
    let (h, w) = (image.shape[2], image.shape[3])
    let scalars = image.scalars
    var pixels = [UInt8](repeating: 0, count: 3 * w * h)
    for y in 0..<h {
        for x in 0..<w {
            for c in 0..<3 { pixels[(y * w + x) * 3 + c] = UInt8((min(max(scalars[(c * h + y) * w + x], 0), 1) * 255).rounded()) }
        }
    }
    return RGBFrame(width: w, height: h, pixels: pixels)
}
