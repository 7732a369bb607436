import Foundation
import Gym
import NN
import Randomness
import Supervised
import Tensors

/// A denoising autoencoder's work as one picture: a row of clean test images, the row of
/// their noisy copies the model was given, and the row of its outputs, each image enlarged
/// `scale` times, written as a one-frame GIF (the GIF writer the recordings use).
public enum ReconstructionPicture {
    /// The picture of `images` [N, C, H, W] (values in [0, 1]; one or three channels).
    public static func frame(rows: [Tensor], scale: Int = 3, gap: Int = 4) -> RGBFrame {
        let shape = rows[0].shape
        precondition(rows.allSatisfy { $0.shape == shape } && shape.count == 4 && [1, 3].contains(shape[1]),
                     "a picture needs rows of images [N, 1 or 3, H, W] of one shape")
        let (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let cellWidth = width * scale + gap, cellHeight = height * scale + gap
        let frameWidth = count * cellWidth + gap, frameHeight = rows.count * cellHeight + gap
        var pixels = [UInt8](repeating: 255, count: frameWidth * frameHeight * 3)
        for (row, images) in rows.enumerated() {
            let values = images.scalars
            for n in 0..<count {
                for y in 0..<height * scale {
                    for x in 0..<width * scale {
                        let target = ((gap + row * cellHeight + y) * frameWidth + gap + n * cellWidth + x) * 3
                        for c in 0..<3 {
                            let value = values[((n * channels + (channels == 3 ? c : 0)) * height + y / scale) * width + x / scale]
                            pixels[target + c] = UInt8((min(max(value, 0), 1) * 255).rounded())
                        }
                    }
                }
            }
        }
        return RGBFrame(width: frameWidth, height: frameHeight, pixels: pixels)
    }

    /// The first `count` examples of `images`, noisy copies drawn from `seed`, and what `model`
    /// makes of them, as a picture at `path`.
    public static func write(model: some Layer, images: Tensor, noise: Float, seed: UInt64, to path: String) throws {
        var generator = SeededGenerator(seed: seed)
        let noisy = Objective.corrupt(images, noise: noise, generator: &generator)
        model.setTraining(false)
        let outputs = withoutGradients { model(noisy) }
        let bytes = try GIFWriter(framesPerSecond: 1).encode([frame(rows: [images, noisy, outputs])])
        try AtomicFile.write(bytes, to: path)
    }
}
