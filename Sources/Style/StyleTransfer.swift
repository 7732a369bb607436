import Gym
import NN
import Tensors

/// Neural style transfer (Gatys, Ecker & Bethge 2015): an image whose features at one layer
/// match the content image's and whose Gram matrices at several layers match the style
/// image's, found by gradient descent on its pixels. Starts from the content image (Gatys et
/// al. start from noise; starting from the content converges in fewer steps and is what most
/// implementations do), steps with Adam and keeps the pixels in [0, 1].
public final class StyleTransfer {
    public struct Settings: Sendable {
        public var contentLayer = "conv4_2"
        public var styleLayers = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]
        /// α and β of Gatys' L = α L_content + β L_style (each style layer weighs β / layers).
        public var contentWeight: Float = 1
        public var styleWeight: Float = 1e6
        public var steps = 300
        public var learningRate: Float = 0.02
        public init() {}
    }

    public let network: FeatureNetwork
    public let settings: Settings
    /// The pixels being optimized, [1, 3, H, W] in [0, 1].
    public let image: Parameter
    private let contentTarget: Tensor
    private let styleTargets: [Tensor]
    private let optimizer: Adam

    /// A transfer onto `content`'s size; `style` is used at its own size.
    public init(network: FeatureNetwork, content: RGBFrame, style: RGBFrame, settings: Settings) {
        (self.network, self.settings) = (network, settings)
        let contentImage = imageTensor(content), styleImage = imageTensor(style)
        contentTarget = withoutGradients { network.features(of: contentImage, layers: [settings.contentLayer])[0] }
        styleTargets = withoutGradients { network.features(of: styleImage, layers: settings.styleLayers).map(gramMatrix) }
        image = Parameter(contentImage)
        optimizer = Adam(learningRate: settings.learningRate)
    }

    /// The losses of the image as it stands: (content, style, total), each already weighted.
    public struct Losses: Sendable { public let content: Float, style: Float, total: Float }

    /// One Adam step on the pixels; returns the losses before it.
    @discardableResult
    public func step() -> Losses {
        let layers = [settings.contentLayer] + settings.styleLayers
        let features = network.features(of: image.value, layers: layers)
        let content = contentLoss(features: features[0], target: contentTarget) * settings.contentWeight
        let perLayer = settings.styleWeight / Float(settings.styleLayers.count)
        let style = styleLoss(features: Array(features.dropFirst()), targetGrams: styleTargets,
                              weights: Array(repeating: perLayer, count: settings.styleLayers.count))
        let total = content + style
        let gradient = total.gradients()[[image]]
        optimizer.update([image], with: gradient)
        image.assign(image.value.detached().clamped(min: 0, max: 1))
        return Losses(content: content.scalar, style: style.scalar, total: total.scalar)
    }

    /// The image as it stands.
    public var picture: RGBFrame { rgbFrame(image.value) }
}

/// `frame` as [1, 3, H, W] in [0, 1].
func imageTensor(_ frame: RGBFrame) -> Tensor {
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
