import Testing
import NN
import Supervised
import Tensors

@Suite struct ModelBuilderTests {
    private func build(_ lines: [String], input: [Int], classes: Int = 10) throws -> ModelBuilder.Built {
        var generator = SeededGenerator(seed: 1)
        return try ModelBuilder.build(lines, inputShape: input, classCount: classes, inputIsTokens: lines.first?.hasPrefix("embedding") ?? false,
                                      generator: &generator, source: "models/test.toml")
    }

    @Test func infersEveryLayersSizesFromTheOneBefore() throws {
        let built = try build(["conv2d 32 kernel=3 padding=1", "relu", "maxpool2d 2", "conv2d 64 kernel=3 padding=1", "batchnorm",
                               "relu", "avgpool2d 2", "dropout 0.25", "flatten", "dense 128", "leaky_relu alpha=0.1", "dense classes"],
                              input: [1, 28, 28])
        #expect(built.outputShape == [10])
        // conv 1·9·32 + 32, conv 32·9·64 + 64, batchnorm 2·64, dense 3136·128 + 128, dense 128·10 + 10.
        #expect(built.model.parameterCount == 320 + 18_496 + 128 + 401_536 + 1_290)
        #expect(built.model(Tensor(zeros: [2, 1, 28, 28])).shape == [2, 10])
        #expect(built.summary.count == 12 && built.summary[2].contains("[32, 14, 14]"))
    }

    @Test func buildsSequenceAndAutoencoderStacks() throws {
        let text = try build(["embedding 8", "lstm 16 layers=2", "gru 12", "dense classes"], input: [20], classes: 30)
        #expect(text.outputShape == [20, 30] && text.model(Tensor(zeros: [3, 20])).shape == [3, 20, 30])
        let autoencoder = try build(["conv2d 8 kernel=3 stride=2 padding=1", "relu",
                                     "conv2d_transpose 1 kernel=3 stride=2 padding=1 output_padding=1", "sigmoid"], input: [1, 28, 28])
        #expect(autoencoder.outputShape == [1, 28, 28])
        let residual = try build(["residual 16 stride=2", "global_avgpool2d", "tanh", "dense 3"], input: [3, 9, 9])
        #expect(residual.outputShape == [3] && residual.model(Tensor(zeros: [2, 3, 9, 9])).shape == [2, 3])
    }

    @Test(arguments: [
        (["flatten", "densse 10"], [4], "unknown layer 'densse'", "layers[1]"),
        (["conv2d 8 kernal=3"], [1, 8, 8], "unknown option 'kernal'", "layers[0]"),
        (["flatten", "conv2d 8"], [1, 8, 8], "needs images [C, H, W], got [64]", "layers[1]"),
        (["maxpool2d 9"], [1, 8, 8], "would make a 0×0 output", "layers[0]"),
        (["relu 3"], [4], "takes no number", "layers[0]"),
        (["conv2d classes"], [1, 8, 8], "only a dense layer takes \"classes\"", "layers[0]"),
        (["dropout 1.5"], [4], "rate in [0, 1)", "layers[0]"),
        (["conv2d 8 padding=-1"], [1, 8, 8], "padding=-1.0 must be a whole number of at least 0", "layers[0]"),
        (["dense 2.5"], [4], "not a whole number", "layers[0]"),
        (["lstm 8"], [4], "put an embedding before it", "layers[0]"),
        (["dense ten"], [4], "'ten' is not a positive number", "layers[0]"),
        (["dense 4", "embedding 8"], [4], "make it the first layer, on text", "layers[1]"),
    ] as [([String], [Int], String, String)])
    func mistakesAreOneLineErrorsNamingTheLayer(_ lines: [String], _ input: [Int], _ message: String, _ place: String) {
        #expect {
            try build(lines, input: input)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(message) && text.contains("models/test.toml " + place) && !text.contains("\n")
        }
    }

    @Test func anEmptyModelIsRefused() {
        #expect(throws: ModelSpecificationError.self) { try build([], input: [4]) }
    }
}
