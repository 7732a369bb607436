import Testing
import Presets

@Suite struct PresetReaderTests {
    private let preset = """
        learning_rate = 0.001
        batch_size = 32
        double_dqn = true
        optimizer = "adam"
        hidden = [64, 64]

        [breakout]
        learning_rate = 0.0001
        """

    @Test func readsTypedValuesAndRefusesUnreadKeys() throws {
        var reader = PresetReader(try TOMLParser.parse(preset), source: "agents/dqn.toml")
        #expect(try reader.float("learning_rate") == 0.001)
        #expect(try reader.int("batch_size") == 32)
        #expect(try reader.bool("double_dqn"))
        #expect(try reader.choice("optimizer", of: ["adam", "rmsprop"]) == "adam")
        #expect(throws: PresetError("agents/dqn.toml: unknown key 'hidden'; known keys: batch_size, double_dqn, learning_rate, optimizer")) {
            try reader.finish()
        }
        #expect(try reader.ints("hidden") == [64, 64])
        try reader.finish()  // [breakout] is a section for another consumer
    }

    @Test func wrongTypesAndMissingKeysNameTheKeyAndTheFix() throws {
        var reader = PresetReader(try TOMLParser.parse("batch_size = \"big\"\nrate = 0.5"), source: "x.toml")
        #expect(throws: PresetError("x.toml: batch_size = \"big\" is a string; it must be a whole number, such as 32")) {
            try reader.int("batch_size")
        }
        #expect(throws: PresetError("x.toml: rate = 0.5 is a float; it must be a whole number, such as 32")) { try reader.int("rate") }
        #expect(throws: PresetError("x.toml: 'gamma' is missing; add it, e.g. gamma = …")) { try reader.double("gamma") }
    }

    @Test func overridesChangeOnlyKnownKeys() throws {
        let base = try TOMLParser.parse(preset)
        guard case let .table(section)? = base["breakout"] else { Issue.record("no section"); return }
        let merged = try PresetMerging.merge(section, into: base, source: "agents/dqn.toml [breakout]")
        #expect(merged["learning_rate"] == .float(0.0001) && merged["batch_size"] == .integer(32))
        var overrides = TOMLTable()
        overrides["batch_sise"] = .integer(64)
        #expect(throws: PresetError("--set: unknown key 'batch_sise'; known keys: learning_rate, batch_size, double_dqn, optimizer, hidden")) {
            try PresetMerging.merge(overrides, into: base, source: "--set")
        }
    }

    @Test func assignmentsReadLikeTOMLWithBareWordsAsStrings() throws {
        #expect(try PresetMerging.parseAssignment("learning_rate=1e-4") == (["learning_rate"], .float(1e-4)))
        #expect(try PresetMerging.parseAssignment("optimizer=adam") == (["optimizer"], .string("adam")))
        #expect(try PresetMerging.parseAssignment("env.frame_stack = 4") == (["env", "frame_stack"], .integer(4)))
        #expect(try PresetMerging.parseAssignment("hidden=[32,32]") == (["hidden"], .array([.integer(32), .integer(32)])))
        #expect(throws: PresetError.self) { try PresetMerging.parseAssignment("learning_rate") }
        #expect(throws: PresetError.self) { try PresetMerging.parseAssignment("=3") }
        #expect(throws: PresetError.self) { try PresetMerging.parseAssignment("a b=3") }
    }

    @Test func writtenDocumentsReadBackTheSame() throws {
        let table = try TOMLParser.parse(preset + "\n[breakout.wrappers]\nframe_stack = 4\n[\"odd key\"]\nx = \"a\\\"b\"")
        let text = TOMLWriter.document(table, comment: "resolved configuration\nrlrun dqn breakout")
        #expect(text.hasPrefix("# resolved configuration\n# rlrun dqn breakout\n"))
        #expect(try TOMLParser.parse(text) == table)
    }
}
