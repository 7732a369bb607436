/// Environment ids with a one-line description each and a way to make them, as Gymnasium's
/// `gymnasium.make` and `gymnasium.pprint_registry`.
public struct EnvironmentRegistry: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let summary: String
        let make: @Sendable () throws(EnvironmentError) -> any Environment
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Adds `id`; `make` builds a fresh environment (wrappers included) each time.
    public mutating func register(_ id: String, summary: String,
                                  make: @escaping @Sendable () throws(EnvironmentError) -> any Environment) {
        precondition(!entries.contains { $0.id == id }, "environment id '\(id)' is registered twice")
        entries.append(Entry(id: id, summary: summary, make: make))
    }

    public var ids: [String] { entries.map(\.id) }

    /// A new environment for `id`; an unknown id throws an error that lists the known ones.
    public func make(_ id: String) throws(EnvironmentError) -> any Environment {
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw .unknownEnvironment(id: id, known: ids)
        }
        return try entry.make()
    }
}
