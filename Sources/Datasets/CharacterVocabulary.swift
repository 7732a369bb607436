/// The characters of a text, each with an index: the tokens of a character-level language
/// model (Karpathy's char-rnn). Indices follow the characters' sorted order, so the same text
/// always gives the same vocabulary.
public struct CharacterVocabulary: Sendable, Equatable {
    public let characters: [Character]
    private let indices: [Character: Int]

    public init(text: String) {
        self.init(characters: Array(Set(text)).sorted())
    }

    public init(characters: [Character]) {
        precondition(Set(characters).count == characters.count, "a vocabulary lists each character once")
        self.characters = characters
        indices = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
    }

    public var count: Int { characters.count }

    /// The index of every character of `text`; throws on one the vocabulary does not have.
    public func encode(_ text: String) throws(DatasetError) -> [Int] {
        try text.map { (character: Character) throws(DatasetError) -> Int in
            guard let index = indices[character] else {
                throw DatasetError("the character \(String(reflecting: String(character))) is not in the model's vocabulary of \(count) characters; use text of the kind it was trained on")
            }
            return index
        }
    }

    public func decode(_ tokens: [Int]) -> String {
        String(tokens.map { characters[$0] })
    }
}

/// A text as one long sequence of tokens, cut into training examples for next-character
/// prediction: an input of `length` tokens and the same sequence one character later as the
/// target (`TextSequences`).
public struct TokenizedText: Sendable {
    public let vocabulary: CharacterVocabulary
    public let tokens: [Int]

    public init(text: String, vocabulary: CharacterVocabulary? = nil) throws(DatasetError) {
        let vocabulary = vocabulary ?? CharacterVocabulary(text: text)
        self.vocabulary = vocabulary
        tokens = try vocabulary.encode(text)
    }

    init(vocabulary: CharacterVocabulary, tokens: [Int]) { (self.vocabulary, self.tokens) = (vocabulary, tokens) }

    /// The first `fraction` of the text and the rest: training and validation, as char-rnn
    /// splits it (a contiguous tail, so that validation text is text the model never read).
    public func split(trainingFraction fraction: Double) -> (training: TokenizedText, validation: TokenizedText) {
        precondition(fraction > 0 && fraction < 1, "the training fraction must be in (0, 1), got \(fraction)")
        let cut = Int(Double(tokens.count) * fraction)
        return (TokenizedText(vocabulary: vocabulary, tokens: Array(tokens[..<cut])),
                TokenizedText(vocabulary: vocabulary, tokens: Array(tokens[cut...])))
    }

    /// Every window of `length` + 1 tokens that starts at a multiple of `length`: the inputs
    /// [count, length] and their targets, each the next token.
    public func sequences(length: Int) -> (inputs: [[Int]], targets: [[Int]]) {
        precondition(length >= 1, "a sequence needs at least one token")
        var inputs: [[Int]] = [], targets: [[Int]] = []
        var start = 0
        while start + length < tokens.count {
            inputs.append(Array(tokens[start..<start + length]))
            targets.append(Array(tokens[start + 1...start + length]))
            start += length
        }
        return (inputs, targets)
    }

    /// Those windows as a dataset: each example `length` token indices (as numbers, for an
    /// `Embedding`), its labels the `length` next tokens; one class per character.
    public func labelledSequences(length: Int) -> LabelledDataset {
        let (inputs, targets) = sequences(length: length)
        return LabelledDataset(features: inputs.flatMap { $0.map(Float.init) }, exampleShape: [length], labels: targets.flatMap { $0 },
                               classCount: vocabulary.count, labelsPerExample: length)
    }
}
