/// The part of a dataset its authors set aside: the training examples or the test examples.
public enum DatasetSplit: String, Sendable { case train, test }
