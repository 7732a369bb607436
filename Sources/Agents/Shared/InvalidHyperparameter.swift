/// A hyperparameter outside the values a run can use.
public struct InvalidHyperparameter: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let rule: String

    public init(field: String, rule: String) { (self.field, self.rule) = (field, rule) }
    public var description: String { "hyperparameter '\(field)' \(rule)" }
}
