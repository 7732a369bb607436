/// A hyperparameter outside the values a run can use.
public struct InvalidHyperparameter: Error, CustomStringConvertible, Equatable {
    /// The preset key (snake_case, as in agents/*.toml and --set).
    public let field: String
    public let rule: String

    public init(field: String, rule: String) { (self.field, self.rule) = (field, rule) }
    public var description: String { "hyperparameter '\(field)' \(rule); fix it in the agent's preset (agents/*.toml) or with --set \(field)=…" }
}
