import Foundation
import Testing
import TestSupport

/// The repository's root, where docs/ is.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// docs/commands.md against the parser it documents: every command rlrun has, each with its
/// `--help` exactly as the built rlrun prints it at 100 columns (docs/tools/command-reference.sh
/// writes the page; `make docs` runs it).
@Suite struct CommandReferenceTests {
    /// rlrun's help for `command` (nil: rlrun's own), at 100 columns.
    private func help(_ command: String?) throws -> String {
        let job = try MPIJob(ranks: nil, program: "rlrun", arguments: (command.map { [$0] } ?? []) + ["--help"], timeoutSeconds: 60,
                             launcher: ["env", "COLUMNS=100"])
        let (status, output) = try job.wait()
        try #require(status == 0, "\(output)")
        return output
    }

    /// The page's sections: each `## rlrun …` heading's command and its ```text block.
    private func sections() throws -> [(command: String, text: String)] {
        let page = try String(contentsOf: repository.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        var sections: [(String, String)] = []
        var heading: String?, block: [Substring]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## rlrun") {
                heading = String(line.dropFirst("## rlrun".count).trimmingCharacters(in: .whitespaces))
            } else if line == "```text", heading != nil {
                block = []
            } else if line == "```", let lines = block, let command = heading {
                sections.append((command, lines.joined(separator: "\n") + "\n"))
                (heading, block) = (nil, nil)
            } else if block != nil {
                block!.append(line)
            }
        }
        return sections
    }

    @Test func thePageHasEveryCommandAndEachHelpAsPrinted() throws {
        let top = try help(nil)
        let listed = top.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "SUBCOMMANDS:" }.dropFirst()
            .prefix { !$0.isEmpty }.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed.contains("dqn") && listed.contains("compare") && listed.contains("status"), "\(top)")
        let sections = try sections()
        #expect(sections.map(\.command) == [""] + listed, "docs/commands.md is out of date: bash docs/tools/command-reference.sh > docs/commands.md")
        for (command, text) in sections {
            let printed = try help(command.isEmpty ? nil : command)
            #expect(text == printed, "docs/commands.md's rlrun \(command) differs from its --help; run make docs")
        }
    }
}
