import Testing
import Datasets
import Randomness
import Tensors

@Suite struct AugmentationTests {
    /// One 1×3×3 image, 1…9.
    private let image = Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))

    @Test func flipMirrorsEachRowOrLeavesTheImage() {
        var generator = SeededGenerator(seed: 1)
        #expect(Augmentation.horizontalFlip(image, probability: 1, generator: &generator).scalars == [3, 2, 1, 6, 5, 4, 9, 8, 7])
        #expect(Augmentation.horizontalFlip(image, probability: 0, generator: &generator).scalars == image.scalars)
        let many = Tensor(repeating: 0, shape: [200, 1, 1, 2]) + Tensor(shape: [1, 1, 1, 2], scalars: [0, 1])
        let flipped = Augmentation.horizontalFlip(many, generator: &generator).scalars
        let count = stride(from: 0, to: flipped.count, by: 2).filter { flipped[$0] == 1 }.count
        #expect(count > 70 && count < 130)
    }

    /// Every crop is the image shifted by at most `padding` in each direction, zeros filling
    /// in; over many draws every shift appears, and the same seed draws the same ones.
    @Test func cropShiftsWithinThePaddingAndFillsZeros() {
        var generator = SeededGenerator(seed: 2)
        let batch = Tensor.concat(Array(repeating: image, count: 100), axis: 0)
        let cropped = Augmentation.randomCrop(batch, padding: 1, generator: &generator).scalars
        var shifts = Set<[Float]>()
        for b in 0..<100 {
            let crop = Array(cropped[9 * b..<9 * b + 9])
            let matches = (-1...1).flatMap { dy in (-1...1).map { dx in (dy, dx) } }.filter { dy, dx in
                (0..<9).allSatisfy { i in
                    let (y, x) = (i / 3 + dy, i % 3 + dx)
                    return crop[i] == ((0..<3).contains(y) && (0..<3).contains(x) ? Float(y * 3 + x + 1) : 0)
                }
            }
            #expect(matches.count == 1)
            shifts.insert(crop)
        }
        #expect(shifts.count == 9)
        var again = SeededGenerator(seed: 2)
        #expect(Augmentation.randomCrop(batch, padding: 1, generator: &again).scalars == cropped)
    }

    @Test func normalizationGivesEachChannelMeanZeroAndUnitDeviation() {
        let dataset = LabelledDataset(features: [1, 2, 10, 30, 3, 4, 20, 40], exampleShape: [2, 1, 2], labels: [0, 1], classCount: 2)
        let (mean, deviation) = dataset.channelStatistics()
        #expect(mean == [2.5, 25])
        let normalized = dataset.normalized(mean: mean, standardDeviation: deviation)
        let (newMean, newDeviation) = normalized.channelStatistics()
        #expect(newMean.allSatisfy { abs($0) < 1e-6 } && newDeviation.allSatisfy { abs($0 - 1) < 1e-5 })
    }
}
