import Testing
import Presets

@Suite struct TOMLParserTests {
    @Test func readsWhatPresetsUse() throws {
        let table = try TOMLParser.parse("""
            # DQN, as in the Nature paper
            learning_rate = 2.5e-4   # Adam's step
            batch_size = 32
            replay_capacity = 1_000_000
            double_dqn = false
            optimizer = "adam"
            hidden = [64, 64,]
            name = 'literal \\ string'
            neg = -3
            big = +1.5E3

            [breakout]
            learning_rate = 1e-4
            "quoted key" = "tab\\there \\u00e9"
            wrappers.frame_stack = 4

            [a.b]
            c = { x = 1, y = [1.5, "two", true] }
            list = [
              1,  # one
              2,
            ]
            """)
        #expect(table["learning_rate"] == .float(2.5e-4))
        #expect(table["batch_size"] == .integer(32))
        #expect(table["replay_capacity"] == .integer(1_000_000))
        #expect(table["double_dqn"] == .boolean(false))
        #expect(table["optimizer"] == .string("adam"))
        #expect(table["hidden"] == .array([.integer(64), .integer(64)]))
        #expect(table["name"] == .string("literal \\ string"))
        #expect(table["neg"] == .integer(-3) && table["big"] == .float(1500))
        guard case let .table(breakout)? = table["breakout"] else { Issue.record("no [breakout]"); return }
        #expect(breakout["learning_rate"] == .float(1e-4))
        #expect(breakout["quoted key"] == .string("tab\there é"))
        guard case let .table(wrappers)? = breakout["wrappers"] else { Issue.record("no wrappers"); return }
        #expect(wrappers["frame_stack"] == .integer(4))
        guard case let .table(a)? = table["a"], case let .table(b)? = a["b"], case let .table(c)? = b["c"] else {
            Issue.record("no [a.b]"); return
        }
        #expect(c["y"] == .array([.float(1.5), .string("two"), .boolean(true)]))
        #expect(b["list"] == .array([.integer(1), .integer(2)]))
        #expect(table.keys.prefix(3) == ["learning_rate", "batch_size", "replay_capacity"])
    }

    /// Each mistake is an error with its line, never a crash.
    @Test(arguments: [
        ("a = 1\na = 2", 2, "defined twice"),
        ("a = ", 1, "expected a value"),
        ("a = hello", 1, "strings need quotes"),
        ("a = \"open", 1, "not closed"),
        ("[t]\n[t]", 2, "defined twice"),
        ("a = 1 b = 2", 1, "one key = value per line"),
        ("a = 01", 1, "leading zeros"),
        ("a = 0x10", 1, "decimal"),
        ("[[x]]", 1, "arrays of tables"),
        ("a = \"\"\"x\"\"\"", 1, "multi-line"),
        ("a = [1, 2", 1, "expected ']'"),
        ("a = 1_", 1, "not a value"),
        ("a = .5", 1, "not a value"),
        ("a = \"\\q\"", 1, "unknown escape"),
        ("a = 1\na.b = 2", 2, "not a table"),
        ("= 3", 1, "expected a key"),
    ])
    func mistakesAreErrorsWithTheirLine(source: String, line: Int, message: String) {
        do {
            _ = try TOMLParser.parse(source)
            Issue.record("'\(source)' parsed")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func floatsStayFloatsWhenWrittenBack() throws {
        for value in [3.0, 2.5e-4, 1e-5, -0.5, 1e20, 123456.0] {
            let written = "x = \(TOMLValue.float(value))"
            #expect(try TOMLParser.parse(written)["x"] == .float(value), "\(written)")
        }
        #expect(TOMLValue.string("a\"b\n").description == "\"a\\\"b\\n\"")
    }
}
