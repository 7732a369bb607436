import TestSupport
import Foundation
import Testing

/// A job across two hosts, made on one machine: two network namespaces joined by a veth pair,
/// each with an address on its end alone. mpirun starts in the first; its rsh agent (what
/// would be ssh between machines) is `ip netns exec` into the namespace of the host named, and
/// Open MPI's TCP transport and its runtime's own connections are restricted to that link, so
/// the ranks on the two "hosts" can reach each other only over it. Making namespaces needs
/// root and the right to make them (CI runs as root); elsewhere the test is skipped, saying why.
@Suite(.serialized) struct TwoHostTests {
    @Test(.enabled(if: TwoHosts.canBeMade, "this machine cannot make network namespaces (it needs root, and a container allowed to)"))
    func aJobRunsAcrossTwoNetworkNamespaces() throws {
        let hosts = try TwoHosts()
        defer { hosts.remove() }

        // The collectives and data-parallel updates, checked on every rank.
        let check = try hosts.run(ranks: 4, program: "rlrun-mpi-check")
        #expect(check.status == 0, "\(check.output)")
        let reports = rankReports(check.output)
        #expect(reports.keys.sorted() == [0, 1, 2, 3], "\(check.output)")
        #expect(Set(reports.values) == Set(hosts.namespaceIDs), "ranks ran in \(reports); the hosts are \(hosts.namespaceIDs)")

        // Training across the two hosts: PPO on CartPole, rank 0 writing the run folder.
        let folder = temporaryRunDirectory("ppo-two-hosts")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let training = try hosts.run(ranks: 4, program: "rlrun",
                                     arguments: ["ppo", "cartpole", "--steps", "8192", "--eval-every", "0", "--run-dir", folder])
        #expect(training.status == 0, "\(training.output)")
        #expect(training.output.contains("on 4 ranks") && training.output.contains("done after"), "\(training.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/latest.safetensors"))
    }
}

/// Two network namespaces joined by a veth pair, 10.213.0.1 and 10.213.0.2, with an rsh agent
/// for mpirun that runs a command "on" either address inside its namespace.
struct TwoHosts {
    let names: [String]
    let addresses = ["10.213.0.1", "10.213.0.2"]
    let agentPath: String
    /// Each namespace's id as /proc/<pid>/ns/net names it: "net:[4026532174]".
    let namespaceIDs: [String]

    init() throws {
        let tag = "rlrun\(getpid())"
        names = [tag + "a", tag + "b"]
        agentPath = NSTemporaryDirectory() + tag + "-rsh-agent"
        do {
            let veth = [tag.prefix(11) + "x", tag.prefix(11) + "y"].map(String.init)
            for name in names { try Self.ip(["netns", "add", name]) }
            try Self.ip(["link", "add", veth[0], "type", "veth", "peer", "name", veth[1]])
            for i in 0..<2 {
                try Self.ip(["link", "set", veth[i], "netns", names[i]])
                try Self.ip(["-n", names[i], "addr", "add", addresses[i] + "/24", "dev", veth[i]])
                try Self.ip(["-n", names[i], "link", "set", veth[i], "up"])
                try Self.ip(["-n", names[i], "link", "set", "lo", "up"])
            }
            // ssh's contract: the host, then the command as words for the remote shell.
            let (names, addresses) = (names, addresses)
            let cases = (0..<2).map { "  \(addresses[$0])) namespace=\(names[$0]) ;;" }.joined(separator: "\n")
            let agent = """
                #!/bin/sh
                host=$1; shift
                case "$host" in
                \(cases)
                  *) echo "no namespace for host $host" >&2; exit 1 ;;
                esac
                exec ip netns exec "$namespace" /bin/sh -c "$*"

                """
            try agent.write(toFile: agentPath, atomically: true, encoding: .utf8)
            chmod(agentPath, 0o755)
            namespaceIDs = try names.map { try Self.output(["/usr/sbin/ip", "netns", "exec", $0, "readlink", "/proc/self/ns/net"]) }
        } catch {
            Self.remove(names: names, agentPath: agentPath)
            throw error
        }
    }

    /// Whether this process may make network namespaces: it tries one.
    static let canBeMade: Bool = {
        guard getuid() == 0 else { return false }
        let probe = "rlrun\(getpid())probe"
        guard (try? ip(["netns", "add", probe])) != nil else { return false }
        try? ip(["netns", "delete", probe])
        return true
    }()

    /// `mpirun -np ranks` from the first host over both (half the ranks each), TCP on the link only.
    func run(ranks: Int, program: String, arguments: [String] = []) throws -> (status: Int32, output: String) {
        let slots = ranks / 2
        let link = "10.213.0.0/24"
        return try MPIJob(ranks: ranks, program: program, arguments: arguments, timeoutSeconds: 180,
                          launcher: ["/usr/sbin/ip", "netns", "exec", names[0]],
                          mpiArguments: ["--host", addresses.map { "\($0):\(slots)" }.joined(separator: ","),
                                         "--mca", "plm_rsh_agent", agentPath,
                                         "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", link,
                                         "--mca", "oob_tcp_if_include", link]).wait()
    }

    /// Ends anything left in the namespaces and deletes them (the veth pair goes with them).
    func remove() { Self.remove(names: names, agentPath: agentPath) }

    private static func remove(names: [String], agentPath: String) {
        for name in names {
            if let pids = try? output(["/usr/sbin/ip", "netns", "pids", name]) {
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            try? ip(["netns", "delete", name])
        }
        try? FileManager.default.removeItem(atPath: agentPath)
    }

    private static func ip(_ arguments: [String]) throws {
        _ = try output(["/usr/sbin/ip"] + arguments)
    }

    /// Runs a command; its output, or an error with it when it fails.
    private static func output(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw MPITestError(description: "\(command.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
