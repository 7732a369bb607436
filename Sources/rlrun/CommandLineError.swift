/// A mistake on the command line or in its inputs, printed as one line ("Error: …") with a
/// non-zero exit, without the usage text ArgumentParser adds to a `ValidationError`.
struct CommandLineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
