import Foundation

/// CIFAR-10's binary batches (Krizhevsky 2009; cifar-10-binary.tar.gz): records of one label
/// byte and 3,072 pixel bytes, the red, green and blue 32×32 planes in turn, 10,000 records a
/// file (data_batch_1.bin … data_batch_5.bin, test_batch.bin). Not packaged for Debian: give
/// the folder the archive was unpacked into.
public enum CIFAR10 {
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    static let recordSize = 1 + 3 * 32 * 32

    /// The images of `files` as [3, 32, 32] examples scaled to [0, 1], with their labels.
    public static func load(_ files: [String]) throws(DatasetError) -> LabelledDataset {
        var features: [Float] = [], labels: [Int] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError("\(path): no such file or it cannot be read; give the files of cifar-10-binary.tar.gz, unpacked")
            }
            let batch = try decodeBatch([UInt8](data), name: path)
            features += batch.features
            labels += batch.labels
        }
        return LabelledDataset(features: features, exampleShape: [3, 32, 32], labels: labels, classCount: 10)
    }

    /// One binary batch's records: the pixels of each [3, 32, 32] image scaled to [0, 1], in
    /// order, and the labels; `name` names the batch in errors.
    public static func decodeBatch(_ bytes: [UInt8], name: String) throws(DatasetError) -> (features: [Float], labels: [Int]) {
        guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
            throw DatasetError("\(name): \(bytes.count) bytes is not a whole number of CIFAR-10 records (\(recordSize) bytes each); is it a binary batch, whole?")
        }
        var features: [Float] = [], labels: [Int] = []
        features.reserveCapacity(bytes.count)
        for start in stride(from: 0, to: bytes.count, by: recordSize) {
            guard bytes[start] < 10 else {
                throw DatasetError("\(name): record \(start / recordSize) has label \(bytes[start]), but CIFAR-10 has 10 classes; is this a CIFAR-10 binary batch (not CIFAR-100)?")
            }
            labels.append(Int(bytes[start]))
            features += bytes[start + 1..<start + recordSize].map { Float($0) / 255 }
        }
        return (features, labels)
    }

    /// The five training batches, or the test batch, under `directory`.
    public static func load(_ split: DatasetSplit, from directory: String) throws(DatasetError) -> LabelledDataset {
        let names = split == .train ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
        return try load(names.map { directory + "/" + $0 })
    }
}
