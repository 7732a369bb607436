import Foundation
import Gym
import NN
import Style
import Tensors
import Testing

@Suite struct StyleTransferTests {
    private func frame(_ width: Int, _ height: Int, _ color: (Int, Int) -> (UInt8, UInt8, UInt8)) -> RGBFrame {
        var pixels: [UInt8] = []
        for y in 0..<height { for x in 0..<width { let (r, g, b) = color(x, y); pixels += [r, g, b] } }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }

    /// Σ over the style layers of ¼ Σ (G − A)²: how far the image's textures are from the style's.
    private func styleDistance(_ network: FeatureNetwork, _ image: Tensor, _ style: Tensor, layers: [String]) -> Float {
        withoutGradients {
            styleLoss(features: network.features(of: image, layers: layers),
                      targetGrams: network.features(of: style, layers: layers).map(gramMatrix),
                      weights: Array(repeating: 1, count: layers.count)).scalar
        }
    }

    /// A smooth gradient given the texture of diagonal stripes: after 30 steps the Gram matrices
    /// are at least 3 times closer to the style's, the loss fell, and the pixels stayed in range.
    @Test(arguments: [StyleTransfer.Method.adam, .lbfgs])
    func aTinyTransferMovesTheGramMatricesTowardTheStyle(method: StyleTransfer.Method) throws {
        let network = FeatureNetwork.random(seed: 1, widthDivisor: 16)
        let content = frame(32, 32) { x, y in (UInt8(x * 8), UInt8(y * 8), 128) }
        let style = frame(32, 32) { x, y in (x + y) % 8 < 4 ? (230, 40, 40) : (20, 20, 220) }
        var settings = StyleTransfer.Settings()
        settings.styleLayers = ["conv1_1", "conv2_1", "conv3_1"]
        settings.contentLayer = "conv2_2"
        settings.learningRate = 0.03
        settings.method = method
        let transfer = StyleTransfer(network: network, content: content, style: style, settings: settings)
        let styleImage = Tensor(shape: [1, 3, 32, 32], scalars: (0..<3).flatMap { c in style.pixels.enumerated().filter { $0.offset % 3 == c }.map { Float($0.element) / 255 } })
        let before = styleDistance(network, transfer.image.value, styleImage, layers: settings.styleLayers)
        let first = transfer.step()
        for _ in 0..<29 { transfer.step() }
        let last = transfer.step()
        let after = styleDistance(network, transfer.image.value, styleImage, layers: settings.styleLayers)
        #expect(after < before / 3, "\(method): style distance \(before) → \(after)")
        #expect(last.total < first.total && last.total.isFinite)
        #expect(transfer.image.value.scalars.allSatisfy { (0...1).contains($0) })
    }

    /// VGG-19 from torchvision's layout, on a generated file of the same names and chain of
    /// shapes at a sixteenth of the widths (4 … 32 filters): loaded, it gives features of the
    /// right shapes; a broken chain or a missing layer is refused in one line.
    @Test func vgg19LoadsTorchvisionsLayoutAndRefusesOthers() throws {
        var tensors: [(name: String, tensor: Tensor)] = []
        let widths = [4, 8, 16, 32, 32]
        var inputs = 3
        for (block, indices) in [[0, 2], [5, 7], [10, 12, 14, 16], [19, 21, 23, 25], [28, 30, 32, 34]].enumerated() {
            for index in indices {
                tensors.append(("features.\(index).weight", Tensor(zeros: [widths[block], inputs, 3, 3])))
                tensors.append(("features.\(index).bias", Tensor(zeros: [widths[block]])))
                inputs = widths[block]
            }
        }
        let path = NSTemporaryDirectory() + "vgg19-\(UInt32.random(in: 0 ... .max)).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafetensorsFile(tensors: tensors).write(to: path)
        let network = try FeatureNetwork.vgg19(contentsOf: path)
        #expect(network.layerNames.count == 16 && network.layerNames[9] == "conv4_2")
        let features = network.features(of: Tensor(zeros: [1, 3, 32, 32]), layers: ["conv1_1", "conv5_1"])
        #expect(features[0].shape == [1, 4, 32, 32] && features[1].shape == [1, 32, 2, 2])

        var broken = tensors
        broken[2] = ("features.2.weight", Tensor(zeros: [4, 5, 3, 3]))
        try SafetensorsFile(tensors: broken).write(to: path)
        #expect { try FeatureNetwork.vgg19(contentsOf: path) } throws: { "\($0)".contains("features.2.weight is [4, 5, 3, 3]") }
        try SafetensorsFile(tensors: Array(tensors.dropLast(2))).write(to: path)
        #expect { try FeatureNetwork.vgg19(contentsOf: path) } throws: { "\($0)".contains("no features.34.weight") }
    }

    /// The drawn patterns: the same seed draws the same picture, another seed another, and
    /// each has colour everywhere but its dark lines.
    @Test(arguments: Pattern.allCases)
    func patternsAreDrawnFromTheirSeed(pattern: Pattern) {
        let a = pattern.draw(width: 48, height: 40, seed: 3)
        #expect(a == pattern.draw(width: 48, height: 40, seed: 3) && a != pattern.draw(width: 48, height: 40, seed: 4))
        #expect(a.width == 48 && a.height == 40)
        let bright = stride(from: 0, to: a.pixels.count, by: 3).filter { a.pixels[$0..<$0 + 3].max()! > 100 }.count
        #expect(bright > a.width * a.height / 2, "\(bright) bright pixels")
    }
}
