/// Environment ids with a one-line description each and a way to make them, as Gymnasium's
/// `gymnasium.make` and `gymnasium.pprint_registry`.
public struct EnvironmentRegistry: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let summary: String
        let make: @Sendable (RenderMode) throws(EnvironmentError) -> any Environment
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Adds `id`; `make` builds a fresh environment (wrappers included) each time, drawing in
    /// the render mode it is given (never human: the registry adds the window itself).
    public mutating func register(_ id: String, summary: String,
                                  make: @escaping @Sendable (RenderMode) throws(EnvironmentError) -> any Environment) {
        precondition(!entries.contains { $0.id == id }, "environment id '\(id)' is registered twice")
        entries.append(Entry(id: id, summary: summary, make: make))
    }

    public var ids: [String] { entries.map(\.id) }

    /// The registered id a person most likely means by `name`: the id itself, or the id
    /// written in any case and with or without its version ("cartpole" → "CartPole-v1",
    /// "breakout" → "Breakout"). Nil when nothing matches.
    public func resolve(_ name: String) -> String? {
        if ids.contains(name) { return name }
        func plain(_ id: String) -> String {
            let lowered = id.lowercased()
            let parts = lowered.split(separator: "-v", omittingEmptySubsequences: false)
            guard parts.count > 1, let version = parts.last, !version.isEmpty, version.allSatisfy(\.isNumber) else { return lowered }
            return parts.dropLast().joined(separator: "-v")
        }
        return ids.first { $0.lowercased() == name.lowercased() } ?? ids.first { plain($0) == plain(name) }
    }

    /// A new environment for `id`; an unknown id throws an error that lists the known ones.
    /// Render mode human shows every frame in `viewer` (a window from the Display module),
    /// which it then needs.
    public func make(_ id: String, renderMode: RenderMode = .none,
                     viewer: (any FrameViewer)? = nil) throws(EnvironmentError) -> any Environment {
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw .unknownEnvironment(id: id, known: ids)
        }
        guard renderMode == .human else { return try entry.make(renderMode) }
        guard let viewer else {
            throw .invalidOption(environment: id, name: "render_mode", problem: "human needs a window to show frames in; open one (Display) or use rgb_array")
        }
        func showing<E: Environment>(_ env: E) -> any Environment { HumanRendering(env, viewer: viewer) }
        return showing(try entry.make(.rgbArray))
    }
}
