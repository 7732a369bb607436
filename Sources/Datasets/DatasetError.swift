/// A dataset file that cannot be read, with a message naming the file and what would fix it.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
