import Randomness
import Tensors

/// Image augmentation for a training minibatch [B, C, H, W], drawn from the caller's
/// generator so that a seed fixes it: the two of the CIFAR ResNet papers (He et al. 2016,
/// section 4.2) — a random crop after padding, and a horizontal flip.
public enum Augmentation {
    /// Each image padded with `padding` zeros on every side, then cropped back to H×W at a
    /// uniformly random offset (torchvision's RandomCrop(size, padding)).
    public static func randomCrop(_ images: Tensor, padding: Int, generator: inout SeededGenerator) -> Tensor {
        precondition(images.rank == 4 && padding >= 0, "randomCrop needs images [B, C, H, W] and padding ≥ 0, got \(images.shape), \(padding)")
        guard padding > 0 else { return images }
        let (batch, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        var result = Tensor(zeros: images.shape)
        images.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for b in 0..<batch {
                    // The crop's corner in padded coordinates; dy, dx shift the image by −padding…+padding.
                    let dy = generator.nextInt(below: 2 * padding + 1) - padding
                    let dx = generator.nextInt(below: 2 * padding + 1) - padding
                    for c in 0..<channels {
                        let plane = (b * channels + c) * height * width
                        for y in 0..<height where (0..<height).contains(y + dy) {
                            for x in 0..<width where (0..<width).contains(x + dx) {
                                target[plane + y * width + x] = source[plane + (y + dy) * width + x + dx]
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Each image mirrored left to right with probability `probability` (torchvision's
    /// RandomHorizontalFlip).
    public static func horizontalFlip(_ images: Tensor, probability: Float = 0.5, generator: inout SeededGenerator) -> Tensor {
        precondition(images.rank == 4, "horizontalFlip needs images [B, C, H, W], got \(images.shape)")
        let (batch, planeCount, width) = (images.shape[0], images.shape[1] * images.shape[2], images.shape[3])
        var result = images
        result.withUnsafeMutableBufferPointer { pixels in
            for b in 0..<batch where generator.nextUniform() < probability {
                for row in 0..<planeCount {
                    let start = (b * planeCount + row) * width
                    pixels[start..<start + width].reverse()
                }
            }
        }
        return result
    }
}

extension LabelledDataset {
    /// The mean and standard deviation of each channel over every example and position
    /// (for [C, H, W] examples; one "channel" for flat ones), to normalize with.
    public func channelStatistics() -> (mean: [Float], standardDeviation: [Float]) {
        let channels = exampleShape.count == 3 ? exampleShape[0] : 1
        let plane = exampleSize / channels
        var sum = [Double](repeating: 0, count: channels), squares = sum
        for (i, value) in features.enumerated() {
            let c = (i / plane) % channels
            sum[c] += Double(value)
            squares[c] += Double(value) * Double(value)
        }
        let n = Double(count * plane)
        let mean = sum.map { $0 / n }
        return (mean.map(Float.init), zip(squares, mean).map { Float(($0 / n - $1 * $1).squareRoot()) })
    }

    /// The dataset with each channel shifted and scaled: (x − mean) / standardDeviation.
    public func normalized(mean: [Float], standardDeviation: [Float]) -> LabelledDataset {
        let channels = mean.count, plane = exampleSize / channels
        precondition(standardDeviation.count == channels && exampleSize % channels == 0 && standardDeviation.allSatisfy { $0 > 0 },
                     "normalize needs a mean and a positive standard deviation per channel")
        let scaled = features.enumerated().map { i, value in
            let c = (i / plane) % channels
            return (value - mean[c]) / standardDeviation[c]
        }
        return LabelledDataset(features: scaled, exampleShape: exampleShape, labels: labels, classCount: classCount, labelsPerExample: labelsPerExample)
    }
}
