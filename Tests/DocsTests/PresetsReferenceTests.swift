import Foundation
import Presets
import Testing

/// docs/presets.md names every key of every preset: the agents', the environments', the
/// models' and the datasets', including the keys of per-environment sections (`[breakout]`,
/// `[pong.env]`). A key added to a preset without a word in the reference fails here.
@Suite struct PresetsReferenceTests {
    /// The keys of `table`, and of the tables inside it, however deep.
    private func keys(of table: TOMLTable) -> Set<String> {
        var keys = Set<String>()
        for (key, value) in table.entries {
            if case let .table(inner) = value { keys.formUnion(self.keys(of: inner)) } else { keys.insert(key) }
        }
        return keys
    }

    @Test(arguments: ["agents", "envs", "models", "datasets"])
    func everyKeyOfEveryPresetIsInTheReference(folder: String) throws {
        let reference = try String(contentsOf: repository.appendingPathComponent("docs/presets.md"), encoding: .utf8)
        let directory = repository.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            #expect(reference.contains("`\(folder)/\(file)`"), "docs/presets.md has no section for \(folder)/\(file)")
            let table = try TOMLParser.parse(try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
            for key in keys(of: table).sorted() {
                #expect(reference.contains("`\(key)`"), "docs/presets.md does not name \(folder)/\(file)'s key \(key)")
            }
        }
    }
}
