import Foundation
import NN

/// A training run's folder: `config.toml` (the resolved configuration), `progress.csv`,
/// `curve.svg`, `latest.safetensors` and `best.safetensors`, DQN's `latest.replay` with
/// `--save-replay`, and `.lock`, held by the process training the run. New runs go under
/// `runs/` as `<agent>-<env>-<date>-<time>` unless `--run-dir` names one.
public struct RunFolder: Sendable {
    public let path: String

    public var configPath: String { path + "/config.toml" }
    public var progressPath: String { path + "/progress.csv" }
    public var curvePath: String { path + "/curve.svg" }
    public var latestCheckpointPath: String { path + "/latest.safetensors" }
    public var bestCheckpointPath: String { path + "/best.safetensors" }
    /// DQN's replay memory of the moment of `latest.safetensors` (`--save-replay`).
    public var replayPath: String { path + "/latest.replay" }
    /// Held locked (flock) by the process training the run, and holding its process id.
    public var lockPath: String { path + "/.lock" }

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

    /// Claims the run for this process until it ends (however it ends: the kernel drops the
    /// lock of a killed process), so that a second `--resume` of a run still training is
    /// refused instead of writing over it. The lock file is written, so this is also where a
    /// folder that cannot be written is refused, before training. Returns the lock's descriptor.
    @discardableResult
    public func claim() throws(RunFolderError) -> Int32 {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunFolderError("\(path): cannot write in the run folder (\(String(cString: strerror(errno)))); make it writable or copy the run elsewhere")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.processID(in: fd).map { " (process \($0))" } ?? ""
            close(fd)
            throw RunFolderError("\(path) is being trained by another process\(holder); wait for it to end or stop it first")
        }
        let text = Array("\(getpid())\n".utf8)
        let written = ftruncate(fd, 0) == 0 ? text.withUnsafeBytes { writeFully(fd, $0) } : errno
        guard written == 0 else {
            close(fd)
            throw RunFolderError("\(path): cannot write in the run folder (\(String(cString: strerror(written)))); make it writable or copy the run elsewhere")
        }
        return fd
    }

    /// The process training the run, if one is: nil when no process holds its lock.
    public var trainingProcess: Int32? {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0 else {
            flock(fd, LOCK_UN)
            return nil
        }
        return Self.processID(in: fd) ?? 0
    }

    private static func processID(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the temporary files a kill in the middle of a save left (`.latest.safetensors.tmp-…`,
    /// see `AtomicFile`): the finished files beside them are whole, these never are.
    public func removeUnfinishedWrites() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            unlink(path + "/" + name)
        }
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
