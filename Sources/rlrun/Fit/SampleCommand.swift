import ArgumentParser
import Randomness
import Runs
import Supervised

/// `rlrun sample <checkpoint>`: text from a character model trained by `rlrun fit char-lstm`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Generate text from a character model: rlrun sample runs/<run>/best.safetensors.")

    @Argument(help: "A checkpoint of a character model (best.safetensors of an rlrun fit char-lstm run).")
    var checkpoint: String

    @Option(help: "The text the model continues.")
    var prompt = "\n"

    @Option(help: "Characters to generate.")
    var length = 500

    @Option(help: "Softmax temperature: below 1 safer and more repetitive, above 1 more surprising.")
    var temperature: Float = 0.8

    @Option(help: "Seed of the draws.")
    var seed: UInt64 = 1

    func validate() throws {
        if length < 0 { throw ValidationError("--length \(length): give 0 or more characters") }
        if !(temperature > 0) { throw ValidationError("--temperature \(temperature): give a number above 0, such as 0.8") }
        if prompt.isEmpty { throw ValidationError("--prompt: give at least one character") }
    }

    func run() throws {
        let saved = try FitCheckpoint(contentsOf: checkpoint)
        guard let vocabulary = saved.vocabulary else {
            throw CommandLineError("\(checkpoint): a \(saved.configuration.model) model of \(saved.configuration.dataset), not a character model; give a checkpoint of rlrun fit char-lstm")
        }
        var generator = SeededGenerator(seed: seed)
        print(try TextSampling.sample(saved.model, vocabulary: vocabulary, prompt: prompt, length: length,
                                      temperature: temperature, generator: &generator))
    }
}
