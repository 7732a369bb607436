import ArgumentParser
import Foundation
import Games
import Gym
import Images
import NN
import Style
import Tensors

/// `rlrun style <content> <style>`: neural style transfer (Gatys et al.) on the engine, from
/// PNG or JPEG pictures to a PNG, with an animated GIF of the picture as it forms.
struct StyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style",
        abstract: "Paint a picture in the style of another: rlrun style content.jpg style.png [--output out.png].",
        discussion: """
            Without --features the features come from a random VGG-19-shaped network (fixed seed); with it, from VGG-19's weights in torchvision's layout (docs/supervised.md shows how to convert them).
            A picture is a PNG or JPEG file, or one rlrun draws: game:<environment> (a frame of a game after --game-steps random steps, e.g. game:breakout) or pattern:<name> (\(Pattern.allCases.map(\.rawValue).joined(separator: ", "))).
            """)

    @Argument(help: "The content picture (PNG or JPEG, game:<environment> or pattern:<name>).")
    var content: String

    @Argument(help: "The style picture (PNG or JPEG, game:<environment> or pattern:<name>).")
    var style: String

    @Option(help: "The result (PNG).")
    var output = "style.png"

    @Option(help: "An animated GIF of the picture as it forms (one frame every --gif-every steps).")
    var gif: String?

    @Option(name: .customLong("side-by-side"), help: "Also a PNG of the content, the style and the result side by side.")
    var sideBySide: String?

    @Option(name: .customLong("gif-every"), help: "Steps between the GIF's frames.")
    var gifEvery = 10

    @Option(help: "The longer side of the result, in pixels (the content picture is scaled to it; the style picture too).")
    var size = 256

    @Option(help: "Steps on the pixels: Adam steps, or L-BFGS iterations.")
    var steps = 300

    @Option(help: "adam, or lbfgs (as Gatys et al.; each iteration may evaluate the loss more than once).")
    var optimizer = StyleTransfer.Method.adam

    @Option(name: .customLong("learning-rate"), help: "Adam's step on pixels in [0, 1].")
    var learningRate: Float = 0.02

    @Option(name: .customLong("content-weight"), help: "α, the content loss's weight.")
    var contentWeight: Float = 1

    @Option(name: .customLong("style-weight"), help: "β, the style loss's weight (shared by the style layers).")
    var styleWeight: Float = 1e6

    @Option(name: .customLong("content-layer"), help: "The layer whose features the content loss compares.")
    var contentLayer = "conv4_2"

    @Option(name: .customLong("style-layers"), help: "The layers whose Gram matrices the style loss compares, comma-separated.")
    var styleLayers = "conv1_1,conv2_1,conv3_1,conv4_1,conv5_1"

    @Option(help: "VGG-19 weights in torchvision's layout (.safetensors); without it, a random network.")
    var features: String?

    @Option(help: "Seed of the random network, of game:… frames and of pattern:… pictures.")
    var seed: UInt64 = 1

    @Option(name: .customLong("game-steps"), help: "Random steps a game:… picture is played before its frame is taken.")
    var gameSteps = 150

    @Option(name: .customLong("judge-seed"), help: "Also measure the result under an independent random network of this seed: the style layers' Gram distance to the style picture and the content layer's distance to the content picture, before and after.")
    var judgeSeed: UInt64?

    func validate() throws {
        guard (16...2048).contains(size) else { throw ValidationError("--size \(size): give 16 to 2048 pixels") }
        guard steps >= 1 else { throw ValidationError("--steps \(steps): take at least 1") }
        guard gameSteps >= 0 else { throw ValidationError("--game-steps \(gameSteps): give 0 or more steps") }
        guard gifEvery >= 1 else { throw ValidationError("--gif-every \(gifEvery): at least every step") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate \(learningRate): give a positive step") }
        guard contentWeight >= 0, styleWeight >= 0, contentWeight.isFinite, styleWeight.isFinite else {
            throw ValidationError("--content-weight and --style-weight: give weights of 0 or more")
        }
    }

    func run() throws {
        let network = try features.map { try FeatureNetwork.vgg19(contentsOf: $0) } ?? FeatureNetwork.random(seed: seed)
        var settings = StyleTransfer.Settings()
        settings.contentLayer = contentLayer
        settings.styleLayers = styleLayers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        (settings.steps, settings.learningRate, settings.contentWeight, settings.styleWeight) = (steps, learningRate, contentWeight, styleWeight)
        settings.method = optimizer
        for layer in [contentLayer] + settings.styleLayers where !network.layerNames.contains(layer) {
            throw CommandLineError("no layer '\(layer)'; the layers are \(network.layerNames.joined(separator: ", "))")
        }
        let contentPicture = try picture(content).scaled(toLongerSide: size)
        let stylePicture = try picture(style).scaled(toLongerSide: size)
        print("style transfer: \(contentPicture.width)×\(contentPicture.height), \(steps) \(optimizer.rawValue) steps, features from \(features ?? "a random network (seed \(seed))")")
        let started = Date()
        let transfer = StyleTransfer(network: network, content: contentPicture, style: stylePicture, settings: settings)
        var frames = [transfer.picture]
        for step in 1...steps {
            let losses = transfer.step()
            if step % gifEvery == 0 || step == steps { frames.append(transfer.picture) }
            if step == 1 || step % 25 == 0 || step == steps {
                print(String(format: "step %d/%d  content %.4g  style %.4g  total %.4g  %d evaluations  %.1f s", step, steps, losses.content,
                             losses.style, losses.total, transfer.evaluations, Date().timeIntervalSince(started)))
            }
            if transfer.converged { print("L-BFGS found no further decrease after step \(step)"); break }
        }
        if let judgeSeed { judge(transfer.picture, content: contentPicture, style: stylePicture, seed: judgeSeed, settings: settings) }
        try ImageFile.writePNG(transfer.picture, to: output)
        if let sideBySide { try ImageFile.writePNG(RGBFrame(sideBySide: [contentPicture, stylePicture, transfer.picture], gap: 8), to: sideBySide) }
        if let gif { try GIFWriter(framesPerSecond: 10).write(frames, to: URL(fileURLWithPath: gif)) }
        print(String(format: "wrote %@%@ after %.1f s", output, gif.map { " and \($0)" } ?? "", Date().timeIntervalSince(started)))
    }

    /// A picture argument: a file, a game's frame or a drawn pattern.
    private func picture(_ argument: String) throws -> RGBFrame {
        if argument.hasPrefix("pattern:") {
            let name = String(argument.dropFirst("pattern:".count))
            guard let pattern = Pattern(rawValue: name) else {
                throw CommandLineError("\(argument): no such pattern; the patterns are \(Pattern.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return pattern.draw(width: size, height: size, seed: seed)
        }
        if argument.hasPrefix("game:") {
            let name = String(argument.dropFirst("game:".count))
            guard let id = environments.resolve(name) else {
                throw CommandLineError("\(argument): no such environment; the environments are \(environments.ids.joined(separator: ", "))")
            }
            let env = try environments.make(id, renderMode: .rgbArray)
            try env.reset(seed: seed)
            var generator = SeededGenerator(seed: seed)
            for _ in 0..<gameSteps where !(try env.step(env.actionSpace.sample(using: &generator))).isEpisodeOver {}
            guard let frame = env.render() else { throw CommandLineError("\(argument): the environment draws no frames") }
            return frame
        }
        return try ImageFile.read(argument)
    }

    /// How far `result` has moved toward the style and from the content under a random network
    /// the transfer never saw: whether the texture statistics carry beyond its own features.
    private func judge(_ result: RGBFrame, content: RGBFrame, style: RGBFrame, seed: UInt64, settings: StyleTransfer.Settings) {
        let judge = FeatureNetwork.random(seed: seed)
        func features(_ picture: RGBFrame) -> [Tensor] {
            withoutGradients { judge.features(of: imageTensor(picture), layers: [settings.contentLayer] + settings.styleLayers) }
        }
        let (c, s, r) = (features(content), features(style), features(result))
        func styleDistance(_ x: [Tensor]) -> Float {
            zip(x.dropFirst(), s.dropFirst()).reduce(0) { $0 + styleLoss(features: [$1.0], targetGrams: [gramMatrix($1.1)], weights: [1]).scalar }
        }
        func contentDistance(_ x: [Tensor]) -> Float { contentLoss(features: x[0], target: c[0]).scalar }
        print(String(format: "under an independent random network (seed %llu): style distance %.4g → %.4g (÷%.1f), content distance %.4g → %.4g",
                     seed, styleDistance(c), styleDistance(r), styleDistance(c) / styleDistance(r), contentDistance(c), contentDistance(r)))
    }
}

extension StyleTransfer.Method: ExpressibleByArgument {}
