import Foundation

/// A job of this package's executables (built beside the tests) under `mpirun -np ranks`, or
/// one plain process, with the settings a test machine needs: more ranks than cores, root
/// allowed (CI runs as root), and a bound on its time (timeout(1) ends it even when a rank
/// hangs inside a collective). Its output goes to a file, so that a test can act on the
/// running job (stop or kill a rank) and read everything afterwards.
public final class MPIJob {
    public let process = Process()
    public let outputPath: String
    public let description: String
    public let timeoutSeconds: Double
    public let started = Date()

    /// `launcher` goes before mpirun's own arguments (`ip netns exec …`); `mpiArguments`
    /// after them (hosts, transports).
    public init(ranks: Int?, program: String, arguments: [String] = [], timeoutSeconds: Double,
         launcher: [String] = [], mpiArguments: [String] = []) throws {
        let executable = try Self.builtExecutable(program)
        let mpirun = ranks.map { ["mpirun", "--oversubscribe", "--bind-to", "none", "-np", "\($0)"] + mpiArguments } ?? []
        self.timeoutSeconds = timeoutSeconds
        description = (mpirun + [program] + arguments).joined(separator: " ")
        outputPath = NSTemporaryDirectory() + "rlrun-mpi-job-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-k", "5", "\(Int(timeoutSeconds))"] + launcher + mpirun + [executable] + arguments
        var environment = Self.environment
        if ranks != nil {
            // Under `make sanitize-address`: Open MPI's plugins, loaded by MPI_Init and unloaded
            // by MPI_Finalize, keep memory for the life of the process, and LeakSanitizer reports
            // it at exit from "<unknown module>" frames (the plugin is gone), which a
            // suppression cannot name; no frame of those reports is rlrun's. Memory errors are
            // still caught in the ranks; only the exit-time leak check is off there.
            environment["ASAN_OPTIONS"] = (environment["ASAN_OPTIONS"].map { $0 + ":" } ?? "") + "detect_leaks=0"
        }
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit { try? FileManager.default.removeItem(atPath: outputPath) }

    /// Open MPI's settings for tests: root allowed; and plain copies for large messages, since
    /// containers often forbid the cross-process memory reads (CMA) its shared-memory
    /// transport would use.
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
        return environment
    }

    public static func builtExecutable(_ program: String) throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let executable = directory.appendingPathComponent(program).path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw MPITestError(description: "\(executable) was not built; run the tests with swift test")
        }
        return executable
    }

    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits for the job to end; throws if timeout(1) had to end it.
    public func wait() throws -> (status: Int32, output: String) {
        process.waitUntilExit()
        if Date().timeIntervalSince(started) >= timeoutSeconds {
            throw MPITestError(description: "\(description) ran past its time limit: \(output)")
        }
        return (process.terminationStatus, output)
    }

    /// The process ids of rlrun processes whose command line holds `marker`: of this job's
    /// rank `rank` (by Open MPI's OMPI_COMM_WORLD_RANK in its environment), or with `rank`
    /// nil, any (a plain process, not timeout(1) around it).
    public static func pids(ofRank rank: Int?, marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let command = procFile("/proc/\(pid)/cmdline") else { return false }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains(marker) && arguments.first?.hasSuffix("rlrun") == true else { return false }
            guard let rank else { return true }
            guard let environment = procFile("/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.contains("OMPI_COMM_WORLD_RANK=\(rank)")
        }
    }
}

/// A file under /proc, read whole with read(2) (its size is reported as 0); nil if unreadable.
private func procFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return count == 0 ? bytes : nil }
        bytes += chunk[0..<count]
    }
}

/// `mpirun -np ranks` of one executable, waited for.
public func runUnderMPIRun(ranks: Int, program: String, arguments: [String] = [],
                    timeoutSeconds: Double) throws -> (status: Int32, output: String) {
    try MPIJob(ranks: ranks, program: program, arguments: arguments, timeoutSeconds: timeoutSeconds).wait()
}

public struct MPITestError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// A fresh directory for a run folder, removed by the caller.
public func temporaryRunDirectory(_ name: String) -> String {
    NSTemporaryDirectory() + "rlrun-\(name)-\(UUID().uuidString)"
}

/// Waits up to `seconds` for `condition`, checking ten times a second.
public func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(100_000)
    }
    return condition()
}
