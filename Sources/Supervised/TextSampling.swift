import Datasets
import Foundation
import NN
import Randomness
import Tensors

/// Generates text from a character model (embedding → recurrent layers → dense over the
/// vocabulary), one character at a time, as Karpathy's char-rnn samples: the prompt is read
/// once to set the recurrent state, then each next character is drawn from the softmax of
/// the last logits divided by `temperature` (below 1: safer, above 1: wilder) and fed back.
public enum TextSampling {
    public static func sample(_ model: Sequential, vocabulary: CharacterVocabulary, prompt: String, length: Int,
                              temperature: Float, generator: inout SeededGenerator) throws(DatasetError) -> String {
        precondition(length >= 0 && temperature > 0, "sampling needs a length ≥ 0 and a temperature above 0")
        precondition(!prompt.isEmpty, "sampling needs a prompt of at least one character")
        let tokens = try vocabulary.encode(prompt)
        var states: [[Tensor]] = []
        var generated: [Int] = []
        model.setTraining(false)
        withoutGradients {
            var logits = model(Tensor(shape: [1, tokens.count], scalars: tokens.map(Float.init)), carrying: &states)
            for _ in 0..<length {
                let last = logits.reshaped([logits.count / vocabulary.count, vocabulary.count]).scalars.suffix(vocabulary.count)
                let next = draw(from: Array(last), temperature: temperature, generator: &generator)
                generated.append(next)
                logits = model(Tensor(shape: [1, 1], scalars: [Float(next)]), carrying: &states)
            }
        }
        return prompt + vocabulary.decode(generated)
    }

    /// An index drawn with probability softmax(logits / temperature), computed in Double (a
    /// tiny temperature would overflow Float). An infinite logit is certain; NaNs (a diverged
    /// model's) never win, and logits that are all NaN give the first index.
    static func draw(from logits: [Float], temperature: Float, generator: inout SeededGenerator) -> Int {
        let scaled = logits.map { Double($0) / Double(temperature) }
        if let certain = scaled.firstIndex(of: .infinity) { return certain }
        guard let top = scaled.filter(\.isFinite).max() else { return 0 }
        let weights = scaled.map { $0.isFinite ? exp($0 - top) : 0 }
        var target = Double(generator.nextUniform()) * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
