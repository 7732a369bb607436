import ArgumentParser
import Games

/// `rlrun list`: what there is to run.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the environments (and, as they arrive, the agents and presets).")

    func run() {
        print("Environments (rlrun play <name>; a name is an id, in any case, with or without its version):")
        let width = environments.ids.map(\.count).max() ?? 0
        for entry in environments.entries {
            print("  \(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.summary)")
        }
    }
}
