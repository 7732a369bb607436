import Tensors

/// A toy image-classification set that needs convolution's translation invariance: `size`×`size`
/// single-channel images holding one horizontal (label 0) or vertical (label 1) bar of ones at
/// a random row or column, plus Gaussian noise. Made from a seed, so it needs no download.
public enum SyntheticBars {
    /// `count` images [count, 1, size, size] and their labels.
    public static func make(count: Int, size: Int = 8, noise: Float = 0.3,
                            generator: inout SeededGenerator) -> (images: Tensor, labels: [Int]) {
        var pixels = Tensor.normal(shape: [count, 1, size, size], standardDeviation: noise, generator: &generator)
        var labels: [Int] = []
        pixels.withUnsafeMutableBufferPointer { p in
            for n in 0..<count {
                let label = generator.nextInt(below: 2), line = generator.nextInt(below: size)
                let image = p.baseAddress! + n * size * size
                for k in 0..<size { image[label == 0 ? line * size + k : k * size + line] += 1 }
                labels.append(label)
            }
        }
        return (pixels, labels)
    }
}
