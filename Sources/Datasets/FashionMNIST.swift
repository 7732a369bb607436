/// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28×28 gray images of clothes in 10 classes,
/// 60,000 for training and 10,000 for testing, in MNIST's IDX files. Debian's
/// dataset-fashion-mnist package (`make deps`) puts them in /usr/share/datasets/fashion-mnist.
public enum FashionMNIST {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The classes, by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// The split's images as [1, 28, 28] examples scaled to [0, 1], with their labels.
    public static func load(_ split: DatasetSplit, from directory: String = defaultDirectory) throws(DatasetError) -> LabelledDataset {
        let prefix = split == .train ? "train" : "t10k"
        return try mnistStyleDataset(images: "\(directory)/\(prefix)-images-idx3-ubyte.gz",
                                     labels: "\(directory)/\(prefix)-labels-idx1-ubyte.gz", classCount: classNames.count)
    }
}

/// An MNIST-style pair of IDX files: [N, rows, columns] bytes and N labels; pixels scaled to
/// [0, 1], each image one channel ([1, rows, columns]).
public func mnistStyleDataset(images imagesPath: String, labels labelsPath: String, classCount: Int) throws(DatasetError) -> LabelledDataset {
    let images = try IDXFile(contentsOf: imagesPath), labels = try IDXFile(contentsOf: labelsPath)
    guard images.elementType == .uint8, images.shape.count == 3 else {
        throw DatasetError("\(imagesPath): expected images, bytes of shape [N, rows, columns]; got \(images.elementType) of shape \(images.shape)")
    }
    guard labels.elementType == .uint8, labels.shape == [images.shape[0]] else {
        throw DatasetError("\(labelsPath): expected \(images.shape[0]) byte labels, one per image of \(imagesPath); got \(labels.elementType) of shape \(labels.shape)")
    }
    let classes = labels.values.map { Int($0) }
    if let bad = classes.first(where: { $0 >= classCount }) {
        throw DatasetError("\(labelsPath): label \(bad) is not one of the \(classCount) classes; is this the labels file of this dataset?")
    }
    let scale: Float = 1 / 255
    return LabelledDataset(features: images.values.map { $0 * scale }, exampleShape: [1, images.shape[1], images.shape[2]],
                           labels: classes, classCount: classCount)
}
