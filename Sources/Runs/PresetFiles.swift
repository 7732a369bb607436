import Foundation
import Presets

/// Where the presets live and how a name on the command line finds one: agents/<agent>.toml,
/// envs/<env>.toml, models/<model>.toml and datasets/<dataset>.toml under the project folder, which is $RLRUN_PRESETS, else the current
/// folder or the nearest folder above the rlrun executable that has both.
public enum PresetFiles {
    /// Set by tests (and by RLRUN_PRESETS) to read presets from another folder.
    nonisolated(unsafe) public static var rootOverride: String?

    public static func root() throws -> String {
        if let rootOverride { return rootOverride }
        let environment = ProcessInfo.processInfo.environment
        if let root = environment["RLRUN_PRESETS"], !root.isEmpty { return root }
        var candidates = [FileManager.default.currentDirectoryPath]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.path)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates where isPresetRoot(candidate) { return candidate }
        throw PresetError("no agents/ and envs/ preset folders found here or above the rlrun executable; run rlrun from the project folder or set RLRUN_PRESETS")
    }

    public static func names(in kind: String) throws -> [String] {
        let folder = try root() + "/" + kind
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The preset `kind`/`name`.toml, parsed; `name` may be written in any case and, for
    /// environments, as a registry id ("CartPole-v1" finds envs/cartpole.toml).
    public static func table(_ kind: String, _ name: String) throws -> (name: String, table: TOMLTable, source: String) {
        let known = try names(in: kind)
        var plain = name.lowercased()
        if let dash = plain.range(of: "-v", options: .backwards), plain[dash.upperBound...].allSatisfy(\.isNumber) {
            plain = String(plain[..<dash.lowerBound])
        }
        guard let found = known.first(where: { $0 == plain }) else {
            let what = ["agents": "agent", "envs": "environment", "models": "model", "datasets": "dataset"][kind] ?? kind
            throw PresetError("unknown \(what) '\(name)'; known \(what)s: \(known.joined(separator: ", "))")
        }
        let source = "\(kind)/\(found).toml"
        let path = try root() + "/" + source
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw PresetError("\(path): cannot be read") }
        do {
            return (found, try TOMLParser.parse(text), source)
        } catch {
            throw PresetError("\(source): \(error)")
        }
    }

    private static func isPresetRoot(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return ["agents", "envs"].allSatisfy {
            FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
