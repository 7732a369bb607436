import ArgumentParser
import Foundation
import Gym
import Images
import Style

/// `rlrun style <content> <style>`: neural style transfer (Gatys et al.) on the engine, from
/// PNG or JPEG pictures to a PNG, with an animated GIF of the picture as it forms.
struct StyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style",
        abstract: "Paint a picture in the style of another: rlrun style content.jpg style.png [--output out.png].",
        discussion: "Without --features the features come from a random VGG-19-shaped network (fixed seed); with it, from VGG-19's weights in torchvision's layout (see the README for converting them).")

    @Argument(help: "The content picture (PNG or JPEG).")
    var content: String

    @Argument(help: "The style picture (PNG or JPEG).")
    var style: String

    @Option(help: "The result (PNG).")
    var output = "style.png"

    @Option(help: "An animated GIF of the picture as it forms (one frame every --gif-every steps).")
    var gif: String?

    @Option(name: .customLong("gif-every"), help: "Steps between the GIF's frames.")
    var gifEvery = 10

    @Option(help: "The longer side of the result, in pixels (the content picture is scaled to it; the style picture too).")
    var size = 256

    @Option(help: "Adam steps on the pixels.")
    var steps = 300

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

    @Option(help: "Seed of the random network.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (16...2048).contains(size) else { throw ValidationError("--size \(size): give 16 to 2048 pixels") }
        guard steps >= 1 else { throw ValidationError("--steps \(steps): take at least 1") }
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
        for layer in [contentLayer] + settings.styleLayers where !network.layerNames.contains(layer) {
            throw CommandLineError("no layer '\(layer)'; the layers are \(network.layerNames.joined(separator: ", "))")
        }
        let contentPicture = try ImageFile.read(content).scaled(toLongerSide: size)
        let stylePicture = try ImageFile.read(style).scaled(toLongerSide: size)
        print("style transfer: \(contentPicture.width)×\(contentPicture.height), \(steps) steps, features from \(features ?? "a random network (seed \(seed))")")
        let started = Date()
        let transfer = StyleTransfer(network: network, content: contentPicture, style: stylePicture, settings: settings)
        var frames = [transfer.picture]
        for step in 1...steps {
            let losses = transfer.step()
            if step % gifEvery == 0 || step == steps { frames.append(transfer.picture) }
            if step == 1 || step % 25 == 0 || step == steps {
                print(String(format: "step %d/%d  content %.4g  style %.4g  total %.4g  %.1f s", step, steps, losses.content, losses.style,
                             losses.total, Date().timeIntervalSince(started)))
            }
        }
        try ImageFile.writePNG(transfer.picture, to: output)
        if let gif { try GIFWriter(framesPerSecond: 10).write(frames, to: URL(fileURLWithPath: gif)) }
        print(String(format: "wrote %@%@ after %.1f s", output, gif.map { " and \($0)" } ?? "", Date().timeIntervalSince(started)))
    }
}
