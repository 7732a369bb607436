import Foundation

/// Choosing OpenBLAS's AVX-512 kernels on CPUs that have AVX-512 but that OpenBLAS 0.3.21
/// does not recognize as such (AMD Zen 4 gets its Haswell kernels: about half the speed).
///
/// OpenBLAS picks its kernels once, when the library is loaded, and honours the documented
/// variable `OPENBLAS_CORETYPE`. Since the library is loaded before any of our code runs, the
/// only way to change the choice is to start the process again with the variable set: the
/// `rlrun` command does that first thing, at most once. A user's own `OPENBLAS_CORETYPE` is
/// always respected.
public enum KernelSelection {
    /// Features OpenBLAS's SkylakeX kernels use. Linux lists a feature in /proc/cpuinfo only
    /// when the kernel has also enabled its register state, so a listed AVX-512 is usable.
    static let skylakeXFeatures: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// OpenBLAS core names whose kernels already use AVX-512.
    static let avx512Cores: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]

    /// The core type to restart with, or nil to keep what OpenBLAS chose.
    public static func preferredCoreType(cpuFlags: Set<String>, loadedCore: String,
                                         environment: [String: String]) -> String? {
        if environment["OPENBLAS_CORETYPE"] != nil { return nil }  // the user decided
        if avx512Cores.contains(loadedCore.lowercased()) { return nil }
        return skylakeXFeatures.isSubset(of: cpuFlags) ? "SkylakeX" : nil
    }

    /// The feature flags of the first CPU in /proc/cpuinfo (empty where there is none).
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
