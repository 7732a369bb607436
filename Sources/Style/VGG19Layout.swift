import NN
import Randomness
import Tensors

/// VGG-19's layers (Simonyan & Zisserman 2015, configuration E): five blocks of 3×3
/// convolutions (2, 2, 4, 4 and 4 of them) with pooling between, named conv<block>_<i> as
/// Gatys et al. name them, and at the indices torchvision's `vgg19().features` gives them.
enum VGG19Layout {
    /// (name, torchvision index) of each convolution, pooling after the last of a block.
    static let blocks: [[(name: String, index: Int)]] = [
        [("conv1_1", 0), ("conv1_2", 2)],
        [("conv2_1", 5), ("conv2_2", 7)],
        [("conv3_1", 10), ("conv3_2", 12), ("conv3_3", 14), ("conv3_4", 16)],
        [("conv4_1", 19), ("conv4_2", 21), ("conv4_3", 23), ("conv4_4", 25)],
        [("conv5_1", 28), ("conv5_2", 30), ("conv5_3", 32), ("conv5_4", 34)],
    ]
    /// The filters of each block's convolutions in VGG-19.
    static let channels = [64, 128, 256, 512, 512]
    /// torchvision's ImageNet normalization, which its weights expect.
    static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    static let imageNetStandardDeviation: [Float] = [0.229, 0.224, 0.225]
}

extension FeatureNetwork {
    /// VGG-19 from a safetensors file in torchvision's layout (`features.<i>.weight`
    /// [out, in, 3, 3] and `features.<i>.bias`, as `vgg19(weights=...).features.state_dict()`
    /// saves them). The widths are the file's (64 … 512 for torchvision's), each layer taking
    /// the one before's; a file that lacks a layer or breaks that chain is refused in one line.
    public static func vgg19(contentsOf path: String) throws -> FeatureNetwork {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(contentsOf: path) } catch { throw StyleError("\(error)") }
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in file.tensors { tensors[name] = tensor }
        var stages: [Stage] = [], inputs = 3
        for (block, layers) in VGG19Layout.blocks.enumerated() {
            for (name, index) in layers {
                let (weightName, biasName) = ("features.\(index).weight", "features.\(index).bias")
                guard let weight = tensors[weightName], let bias = tensors[biasName] else {
                    throw StyleError("\(path): no \(weightName) and \(biasName) (VGG-19's \(name)); give torchvision's vgg19().features weights, converted as docs/supervised.md shows")
                }
                let outputs = weight.shape.first ?? 0
                guard weight.shape == [outputs, inputs, 3, 3], outputs > 0, bias.shape == [outputs] else {
                    throw StyleError("\(path): \(weightName) is \(weight.shape) and \(biasName) \(bias.shape); VGG-19's \(name) takes \(inputs) channels: [out, \(inputs), 3, 3] and [out]")
                }
                stages.append(.convolution(name: name, Conv2D(filter: weight, bias: bias, padding: 1)))
                inputs = outputs
            }
            if block < VGG19Layout.blocks.count - 1 { stages.append(.pooling) }
        }
        return FeatureNetwork(stages: stages, mean: VGG19Layout.imageNetMean, standardDeviation: VGG19Layout.imageNetStandardDeviation)
    }

    /// VGG-19's shape with random weights from `seed` and `widthDivisor` times fewer filters,
    /// for style transfer without pretrained weights: random convolutional networks carry
    /// texture statistics too (He, Wang & Hopcroft 2016; Ustyuzhaninov et al. 2017), the deeper
    /// layers after pooling seeing the larger scales. The filters are drawn with He
    /// initialization, zero-mean per filter, so that activations neither die nor explode over
    /// sixteen layers.
    public static func random(seed: UInt64, widthDivisor: Int = 4) -> FeatureNetwork {
        var generator = SeededGenerator(seed: seed)
        var stages: [Stage] = [], inputs = 3
        for (block, layers) in VGG19Layout.blocks.enumerated() {
            let outputs = max(VGG19Layout.channels[block] / widthDivisor, 8)
            for (name, _) in layers {
                var weight = Tensor.normal(shape: [outputs, inputs, 3, 3], generator: &generator)
                    * (2 / Float(inputs * 9)).squareRoot()
                weight.withUnsafeMutableBufferPointer { w in
                    let size = inputs * 9
                    for o in 0..<outputs {
                        let filter = UnsafeMutableBufferPointer(rebasing: w[(o * size)..<((o + 1) * size)])
                        let mean = filter.reduce(0, +) / Float(size)
                        for i in filter.indices { filter[i] -= mean }
                    }
                }
                stages.append(.convolution(name: name, Conv2D(filter: weight, bias: Tensor(zeros: [outputs]), padding: 1)))
                inputs = outputs
            }
            if block < VGG19Layout.blocks.count - 1 { stages.append(.pooling) }
        }
        return FeatureNetwork(stages: stages)
    }
}

/// Why style transfer cannot go on, in one line.
public struct StyleError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
