import Foundation
import NN

/// A training run's folder: `config.toml` (the resolved configuration), `progress.csv`,
/// `curve.svg`, `latest.safetensors` and `best.safetensors`. New runs go under `runs/` as
/// `<agent>-<env>-<date>-<time>` unless `--run-dir` names one.
public struct RunFolder: Sendable {
    public let path: String

    public var configPath: String { path + "/config.toml" }
    public var progressPath: String { path + "/progress.csv" }
    public var curvePath: String { path + "/curve.svg" }
    public var latestCheckpointPath: String { path + "/latest.safetensors" }
    public var bestCheckpointPath: String { path + "/best.safetensors" }

    /// `runs/dqn-breakout-20261122-131500` for a run started at that time (UTC).
    public static func defaultPath(agent: String, environment: String, startedAt date: Date, parent: String = "runs") -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let name = "\(agent)-\(environment)-\(formatter.string(from: date))".lowercased()
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return parent + "/" + String(name)
    }

    /// A folder for a new run, made with its parents. Refuses a folder that already holds a
    /// run, so that nothing of it is overwritten.
    public static func create(at path: String) throws(RunFolderError) -> RunFolder {
        let folder = RunFolder(path: path)
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.configPath) {
            throw RunFolderError("\(path) already holds a run; continue it with --resume \(path), or choose another --run-dir")
        }
        try makeDirectories(path)
        return folder
    }

    /// `mkdir -p` with POSIX calls, so that a failure names the part of the path that failed
    /// and the system's reason ("Not a directory", "Read-only file system").
    private static func makeDirectories(_ path: String) throws(RunFolderError) {
        func refuse(_ part: String, _ reason: String) -> RunFolderError {
            RunFolderError("\(path): cannot create the run folder (\(part): \(reason)); choose a writable --run-dir")
        }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw refuse(prefix, String(cString: strerror(errno))) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw refuse(path, "a file, not a folder")
        }
    }

    /// The run in `path`, which must hold a `config.toml`.
    public static func existing(at path: String) throws(RunFolderError) -> RunFolder {
        let folder = RunFolder(path: path.hasSuffix("/") ? String(path.dropLast()) : path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RunFolderError("\(path): no such run folder; give a folder under runs/ or a checkpoint file")
        }
        guard FileManager.default.fileExists(atPath: folder.configPath) else {
            throw RunFolderError("\(path): not a run folder (it has no config.toml)")
        }
        return folder
    }

    /// Writes the resolved configuration, atomically.
    public func writeConfiguration(_ text: String) throws {
        try AtomicFile.write(Array(text.utf8), to: configPath)
    }

    public func readConfiguration() throws(RunFolderError) -> String {
        guard let data = FileManager.default.contents(atPath: configPath), let text = String(data: data, encoding: .utf8) else {
            throw RunFolderError("\(configPath): cannot be read as text")
        }
        return text
    }
}

/// Why a run folder could not be made or used, in one line.
public struct RunFolderError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
