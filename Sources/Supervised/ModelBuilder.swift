import NN
import Randomness

/// Builds a `Sequential` from a preset's layer lines for examples of a given shape, inferring
/// each layer's input size from the layer before (as Keras does from `input_shape`), so that
/// a preset writes only what it chooses: widths, windows, rates. Every mistake — an unknown
/// layer or option, a layer given the wrong shape, a window larger than its image — is a
/// one-line error naming the layer.
public enum ModelBuilder {
    public struct Built {
        public let model: Sequential
        /// The shape of one example's output.
        public let outputShape: [Int]
        /// One line per layer: what it is, its output shape and its parameter count (Keras's
        /// `model.summary()`).
        public let summary: [String]
    }

    /// The layer kinds, with what each takes, for messages and the presets' documentation.
    public static let kinds: [(kind: String, usage: String)] = [
        ("dense", "dense N|classes"), ("conv2d", "conv2d N kernel=3 stride=1 padding=0"),
        ("conv2d_transpose", "conv2d_transpose N kernel=3 stride=1 padding=0 output_padding=0"),
        ("maxpool2d", "maxpool2d K stride=K padding=0"), ("avgpool2d", "avgpool2d K stride=K padding=0"),
        ("global_avgpool2d", "global_avgpool2d"), ("flatten", "flatten"),
        ("batchnorm", "batchnorm momentum=0.1 epsilon=1e-5"), ("dropout", "dropout RATE"),
        ("relu", "relu"), ("leaky_relu", "leaky_relu alpha=0.01"), ("tanh", "tanh"), ("sigmoid", "sigmoid"),
        ("embedding", "embedding DIMENSION"), ("lstm", "lstm N layers=1"), ("gru", "gru N layers=1"),
        ("residual", "residual N stride=1"),
    ]

    /// `inputIsTokens`: the examples are token indices (text), the only input an `embedding` reads.
    public static func build(_ lines: [String], inputShape: [Int], classCount: Int, inputIsTokens: Bool = false,
                             generator: inout SeededGenerator, source: String) throws(ModelSpecificationError) -> Built {
        guard !lines.isEmpty else { throw ModelSpecificationError("\(source): layers is empty; list the model's layers, such as [\"flatten\", \"dense classes\"]") }
        var layers: [any Layer] = [], summary: [String] = []
        var shape = inputShape
        for (index, line) in lines.enumerated() {
            let place = "\(source) layers[\(index)]"
            let specification = try LayerSpecification(line, place: place)
            var reader = LayerReader(specification: specification, place: place, classCount: classCount)
            if specification.kind == "embedding" && !(index == 0 && inputIsTokens) {
                throw reader.error("an embedding reads token indices: make it the first layer, on text")
            }
            let (layer, outputShape) = try make(&reader, input: shape, generator: &generator)
            try reader.finish()
            layers.append(layer)
            shape = outputShape
            summary.append("\(specification.text.padding(toLength: max(36, specification.text.count), withPad: " ", startingAt: 0)) → \(shape)  \(layer.parameterCount) parameters")
        }
        return Built(model: Sequential(layers), outputShape: shape, summary: summary)
    }

    private static func make(_ r: inout LayerReader, input shape: [Int], generator: inout SeededGenerator)
        throws(ModelSpecificationError) -> (any Layer, [Int]) {
        switch r.specification.kind {
        case "flatten":
            return (Flatten(), [shape.reduce(1, *)])
        case "dense":
            let units = try r.sizeOrClasses()
            return (Dense(inputSize: shape.last!, outputSize: units, generator: &generator), shape.dropLast() + [units])
        case "conv2d":
            let (c, h, w) = try r.image(shape)
            let filters = try r.size(), kernel = try r.int("kernel", default: 3)
            let stride = try r.int("stride", default: 1), padding = try r.int("padding", default: 0, minimum: 0)
            let out = try r.spatial(h, w) { windows(over: $0, kernel, stride, padding) }
            return (Conv2D(inputChannels: c, outputChannels: filters, kernelSize: kernel, stride: stride, padding: padding,
                           generator: &generator), [filters, out.h, out.w])
        case "conv2d_transpose":
            let (c, h, w) = try r.image(shape)
            let filters = try r.size(), kernel = try r.int("kernel", default: 3)
            let stride = try r.int("stride", default: 1), padding = try r.int("padding", default: 0, minimum: 0)
            let outputPadding = try r.int("output_padding", default: 0, minimum: 0)
            guard outputPadding < stride else { throw r.error("output_padding must be less than stride (\(stride))") }
            let out = try r.spatial(h, w) { ($0 - 1) * stride - 2 * padding + kernel + outputPadding }
            return (ConvTranspose2D(inputChannels: c, outputChannels: filters, kernelSize: kernel, stride: stride, padding: padding,
                                    outputPadding: outputPadding, generator: &generator), [filters, out.h, out.w])
        case "maxpool2d", "avgpool2d":
            let (c, h, w) = try r.image(shape)
            let window = try r.size(), stride = try r.int("stride", default: window), padding = try r.int("padding", default: 0, minimum: 0)
            // PyTorch's rule: padding at most half the window, so every window overlaps the image.
            guard padding <= window / 2 else { throw r.error("padding=\(padding) must be at most half the window (\(window / 2))") }
            let out = try r.spatial(h, w) { windows(over: $0, window, stride, padding) }
            let layer: any Layer = r.specification.kind == "maxpool2d"
                ? MaxPool2D(kernelSize: window, stride: stride, padding: padding) : AvgPool2D(kernelSize: window, stride: stride, padding: padding)
            return (layer, [c, out.h, out.w])
        case "global_avgpool2d":
            let (c, _, _) = try r.image(shape)
            return (GlobalAveragePooling2D(), [c])
        case "batchnorm":
            guard shape.count == 1 || shape.count == 3 else { throw r.error("needs features [C] or images [C, H, W], got \(shape)") }
            let momentum = try r.number("momentum", default: 0.1), epsilon = try r.number("epsilon", default: 1e-5)
            guard (0...1).contains(momentum), epsilon > 0 else { throw r.error("momentum must be in [0, 1] and epsilon above 0") }
            return (BatchNorm(featureCount: shape[0], momentum: Float(momentum), epsilon: Float(epsilon)), shape)
        case "dropout":
            let rate = try r.rate()
            return (Dropout(rate: Float(rate), generator: &generator), shape)
        case "relu": return (ReLU(), shape)
        case "tanh": return (Tanh(), shape)
        case "sigmoid": return (Sigmoid(), shape)
        case "leaky_relu": return (LeakyReLU(alpha: Float(try r.number("alpha", default: 0.01))), shape)
        case "embedding":
            guard shape.count == 1 else { throw r.error("needs token sequences [T], got \(shape); put it first, on text") }
            let dimension = try r.size()
            return (Embedding(vocabularySize: r.classCount, dimension: dimension, generator: &generator), shape + [dimension])
        case "lstm", "gru":
            guard shape.count == 2 else { throw r.error("needs sequences [T, features], got \(shape); put an embedding before it") }
            let hidden = try r.size(), depth = try r.int("layers", default: 1)
            let layer: any Layer = r.specification.kind == "lstm"
                ? LSTM(inputSize: shape[1], hiddenSize: hidden, layerCount: depth, generator: &generator)
                : GRU(inputSize: shape[1], hiddenSize: hidden, layerCount: depth, generator: &generator)
            return (layer, [shape[0], hidden])
        case "residual":
            let (c, h, w) = try r.image(shape)
            let filters = try r.size(), stride = try r.int("stride", default: 1)
            let out = try r.spatial(h, w) { ($0 - 1) / stride + 1 }
            return (ResidualBlock(inputChannels: c, outputChannels: filters, stride: stride, generator: &generator), [filters, out.h, out.w])
        default:
            throw r.error("unknown layer '\(r.specification.kind)'; known layers: \(kinds.map(\.kind).joined(separator: ", "))")
        }
    }
}

/// How many positions a window of `kernel`, moving by `stride`, takes over `size` padded by
/// `padding` on each side: ⌊(size + 2·padding − kernel)/stride⌋ + 1, or 0 when it does not fit.
private func windows(over size: Int, _ kernel: Int, _ stride: Int, _ padding: Int) -> Int {
    size + 2 * padding < kernel ? 0 : (size + 2 * padding - kernel) / stride + 1
}

/// Reads one layer line's number and options, remembering which options were read so that a
/// misspelt one is an error.
private struct LayerReader {
    let specification: LayerSpecification
    let place: String
    let classCount: Int
    private var read: Set<String> = []
    /// Marks the main number as read (no option can be named with a space).
    private static let sizeKey = " size"

    init(specification: LayerSpecification, place: String, classCount: Int) {
        (self.specification, self.place, self.classCount) = (specification, place, classCount)
    }

    func error(_ message: String) -> ModelSpecificationError {
        ModelSpecificationError("\(place) \"\(specification.text)\": \(message)")
    }

    private var usage: String { ModelBuilder.kinds.first { $0.kind == specification.kind }?.usage ?? specification.kind }

    /// The layer's whole-number size.
    mutating func size() throws(ModelSpecificationError) -> Int {
        read.insert(Self.sizeKey)
        guard !specification.usesClassCount else { throw error("only a dense layer takes \"classes\"; write \(usage)") }
        guard let size = specification.size else { throw error("needs its size: \(usage)") }
        guard size == size.rounded(), size < 1e9 else { throw error("\(size) is not a whole number: \(usage)") }
        return Int(size)
    }

    mutating func sizeOrClasses() throws(ModelSpecificationError) -> Int {
        read.insert(Self.sizeKey)
        return specification.usesClassCount ? classCount : try size()
    }

    /// A dropout rate in [0, 1).
    mutating func rate() throws(ModelSpecificationError) -> Double {
        read.insert(Self.sizeKey)
        guard let rate = specification.size, rate < 1 else { throw error("needs a rate in [0, 1), such as dropout 0.2") }
        return rate
    }

    mutating func number(_ key: String, default value: Double) throws(ModelSpecificationError) -> Double {
        read.insert(key)
        return specification.options[key] ?? value
    }

    mutating func int(_ key: String, default value: Int, minimum: Int = 1) throws(ModelSpecificationError) -> Int {
        let number = try self.number(key, default: Double(value))
        guard number == number.rounded(), number >= Double(minimum), number < 1e9 else {
            throw error("\(key)=\(number) must be a whole number of at least \(minimum)")
        }
        return Int(number)
    }

    func image(_ shape: [Int]) throws(ModelSpecificationError) -> (Int, Int, Int) {
        guard shape.count == 3 else { throw error("needs images [C, H, W], got \(shape)") }
        return (shape[0], shape[1], shape[2])
    }

    /// The output's height and width from `rule`, refused unless both are at least 1.
    func spatial(_ h: Int, _ w: Int, _ rule: (Int) -> Int) throws(ModelSpecificationError) -> (h: Int, w: Int) {
        let (outH, outW) = (rule(h), rule(w))
        guard outH >= 1, outW >= 1 else { throw error("would make a \(outH)×\(outW) output from \(h)×\(w); use a smaller window or stride, or more padding") }
        return (outH, outW)
    }

    func finish() throws(ModelSpecificationError) {
        let unknown = Set(specification.options.keys).subtracting(read)
        guard unknown.isEmpty else { throw error("unknown option '\(unknown.sorted()[0])'; write \(usage)") }
        if specification.size != nil || specification.usesClassCount, !read.contains(Self.sizeKey) {
            throw error("takes no number; write \(usage)")
        }
    }
}
