/// Lines up named values (a source network's parameters, a file's tensors, a checkpoint's
/// optimizer state) with the (name, shape) list they must fill, by name, never by position.
///
/// Returns one found value per expected entry, in `expected`'s order. Throws for the first
/// expected name that is missing or has another shape, then for a found name that nothing
/// expects, or one that appears twice. Each caller wraps the error in its own error type
/// (`ParameterMismatch`, `OptimizerStateMismatch`) with the places it compares.
func matchByName<Value>(expected: [(name: String, shape: [Int])], found: [(name: String, value: Value)],
                        shape: (Value) -> [Int]) throws(NameMismatch) -> [Value] {
    var byName: [String: Value] = [:]
    for (name, value) in found {
        if byName.updateValue(value, forKey: name) != nil { throw NameMismatch(name: name, problem: .duplicate) }
    }
    let matched = try expected.map { (name, expectedShape) throws(NameMismatch) -> Value in
        guard let value = byName[name] else { throw NameMismatch(name: name, problem: .missing) }
        let foundShape = shape(value)
        guard foundShape == expectedShape else {
            throw NameMismatch(name: name, problem: .shape(expected: expectedShape, found: foundShape))
        }
        return value
    }
    let expectedNames = Set(expected.map(\.name))
    if let extra = found.first(where: { !expectedNames.contains($0.name) }) {
        throw NameMismatch(name: extra.name, problem: .unexpected)
    }
    return matched
}

/// The first name at which two sets of named tensors fail to line up (see `matchByName`).
struct NameMismatch: Error {
    enum Problem: Equatable {
        /// Expected but not found.
        case missing
        /// Found with another shape.
        case shape(expected: [Int], found: [Int])
        /// Found but not expected.
        case unexpected
        /// Found twice.
        case duplicate
    }

    let name: String
    let problem: Problem

    /// One line naming the entry and, for a shape mismatch, both shapes: `item` is what the
    /// names are ("parameter"), `expectedIn` and `foundIn` the two places compared ("the
    /// network", "the file").
    func message(item: String, expectedIn: String, foundIn: String) -> String {
        switch problem {
        case .missing:
            "\(item) '\(name)' is in \(expectedIn) but not in \(foundIn)"
        case .shape(let expected, let found):
            "\(item) '\(name)' has shape \(found) in \(foundIn) but \(expected) in \(expectedIn)"
        case .unexpected:
            "\(item) '\(name)' is in \(foundIn) but not in \(expectedIn)"
        case .duplicate:
            "\(item) '\(name)' appears more than once in \(foundIn)"
        }
    }
}
