import Testing
import Datasets
import Randomness
import Tensors

@Suite struct LabelledDatasetTests {
    /// Ten examples of shape [2]: example i is [i, -i] with label i % 3.
    private let dataset = LabelledDataset(features: (0..<10).flatMap { [Float($0), -Float($0)] }, exampleShape: [2],
                                          labels: (0..<10).map { $0 % 3 }, classCount: 3)

    @Test func anEpochHoldsEveryExampleOnceWithItsLabel() {
        var generator = SeededGenerator(seed: 1)
        let batches = Array(dataset.batches(size: 4, shuffledWith: &generator))
        #expect(batches.map(\.features.shape) == [[4, 2], [4, 2], [2, 2]])
        var seen: [Int] = []
        for batch in batches {
            let scalars = batch.features.scalars
            for row in 0..<batch.labels.count {
                let example = Int(scalars[2 * row])
                #expect(scalars[2 * row + 1] == -Float(example) && batch.labels[row] == example % 3)
                seen.append(example)
            }
        }
        #expect(seen.sorted() == Array(0..<10))
        #expect(seen != Array(0..<10), "shuffled")
    }

    @Test func theSameSeedGivesTheSameEpochsAndEpochsDiffer() {
        func epochs(seed: UInt64) -> [[Int]] {
            var generator = SeededGenerator(seed: seed)
            return (0..<3).map { _ in dataset.batches(size: 3, shuffledWith: &generator).flatMap { $0.features.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { Int($0.element) } } }
        }
        #expect(epochs(seed: 5) == epochs(seed: 5))
        #expect(epochs(seed: 5) != epochs(seed: 6))
        let three = epochs(seed: 5)
        #expect(three[0] != three[1] && three[1] != three[2])
    }

    @Test func unshuffledBatchesKeepTheOrderAndSplitsTheExamples() {
        #expect(dataset.batches(size: 10).map(\.labels) == [(0..<10).map { $0 % 3 }])
        let (first, rest) = dataset.split(at: 7)
        #expect(first.count == 7 && rest.count == 3)
        #expect(rest.features == [7, -7, 8, -8, 9, -9] && rest.labels == [1, 2, 0])
        #expect(dataset.subset([9, 0]).features == [9, -9, 0, 0])
    }
}

/// The real files, from Debian's dataset-fashion-mnist (make deps installs it).
@Suite struct FashionMNISTTests {
    @Test func theTestSplitHasTenThousandBalancedImages() throws {
        let test = try FashionMNIST.load(.test)
        #expect(test.count == 10_000 && test.exampleShape == [1, 28, 28] && test.classCount == 10)
        #expect((0..<10).map { label in test.labels.filter { $0 == label }.count } == Array(repeating: 1_000, count: 10))
        #expect(Array(test.labels.prefix(10)) == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        // The first image: its bytes sum to 33,456 and its brightest is 255 (read with Python's gzip).
        let first = test.features.prefix(784)
        #expect(abs(first.reduce(0, +) * 255 - 33_456) < 0.05 && first.max() == 1)
        #expect(test.features.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func aMissingDirectoryNamesTheFixInOneLine() {
        do {
            _ = try FashionMNIST.load(.train, from: "/nonexistent")
            Issue.record("loaded from nowhere")
        } catch {
            #expect(error.description.contains("/nonexistent/train-images-idx3-ubyte.gz") && error.description.contains("make deps"))
        }
    }
}
