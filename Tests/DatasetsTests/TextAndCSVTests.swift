import Foundation
import Testing
import Datasets

@Suite struct TextTests {
    @Test func vocabularyIsSortedAndRoundTrips() throws {
        let vocabulary = CharacterVocabulary(text: "hello, world")
        #expect(vocabulary.characters == [" ", ",", "d", "e", "h", "l", "o", "r", "w"])
        let tokens = try vocabulary.encode("world, hello")
        #expect(vocabulary.decode(tokens) == "world, hello")
        #expect(throws: DatasetError.self) { try vocabulary.encode("HELLO") }
    }

    @Test func sequencesAreNextCharacterPairs() throws {
        let text = try TokenizedText(text: "abcdefg")
        let (inputs, targets) = text.sequences(length: 3)
        #expect(inputs.map(text.vocabulary.decode) == ["abc", "def"])
        #expect(targets.map(text.vocabulary.decode) == ["bcd", "efg"])
        let (training, validation) = text.split(trainingFraction: 0.7)
        #expect(text.vocabulary.decode(training.tokens) == "abcd" && text.vocabulary.decode(validation.tokens) == "efg")
    }

    /// The corpus the project ships: 1,115,394 bytes, 65 characters.
    @Test func tinyShakespeare() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/tinyshakespeare.txt").path
        let text = try TokenizedText(text: try String(contentsOfFile: path, encoding: .utf8))
        #expect(text.tokens.count == 1_115_394 && text.vocabulary.count == 65)
        #expect(text.vocabulary.decode(Array(text.tokens.prefix(14))) == "First Citizen:")
    }
}

@Suite struct CSVTableTests {
    @Test func readsNumbersUnderTheirHeaderAndLabelsByColumn() throws {
        let table = try CSVTable(text: "x, y ,class\n1,2.5,0\n-3,4e1,2\n\n", name: "t.csv")
        #expect(table.columns == ["x", "y", "class"] && table.rows == [[1, 2.5, 0], [-3, 40, 2]])
        let dataset = try table.labelled(by: "class")
        #expect(dataset.features == [1, 2.5, -3, 40] && dataset.labels == [0, 2] && dataset.classCount == 3 && dataset.exampleShape == [2])
    }

    @Test func badTablesAreOneLineErrorsNamingTheLine() {
        let cases = [("a,b\n1\n", "t.csv:2: 1 cells, but the header has 2 columns"),
                     ("a,b\n1,x\n", "t.csv:2: column 'b' holds \"x\", not a number"),
                     ("", "t.csv: the file is empty")]
        for (text, says) in cases {
            #expect(throws: DatasetError.self) { try CSVTable(text: text, name: "t.csv") }
            do { _ = try CSVTable(text: text, name: "t.csv") } catch { #expect(error.description.hasPrefix(says), "\(error)") }
        }
        #expect(throws: DatasetError.self) { try CSVTable(text: "a,b\n1,0.5\n", name: "t").labelled(by: "b") }
        #expect(throws: DatasetError.self) { try CSVTable(text: "a,b\n1,0\n", name: "t").labelled(by: "c") }
    }
}
