import CKernels
import Dispatch
import Foundation
import Tensors

/// What the machine can do at best: the engine's GEMM microkernel run on operands that stay
/// in the L1 cache, on every core at once. Each benchmark's GFLOP/s is read against it.
enum MachinePeak {
    /// The peak on every engine thread, measured once per process: the bench header and the
    /// layers' shares of it use the same figure.
    nonisolated(unsafe) static var measured: Double = gigaflops()

    /// GFLOP/s of the microkernel loop on `cores` cores at once (median of a few rounds), run
    /// on the engine's own threads. The depth keeps both packed panels in a 48 KiB L1 data
    /// cache (8×48 tile: 28 KiB at depth 128); each round is 4 GFLOP per thread, long enough
    /// that waking the second thread is noise.
    static func gigaflops(cores: Int = engineThreadCount) -> Double {
        let isa = ck_isa_active()
        let depth = 128
        var mr = 0, nr = 0
        ck_sgemm_tile(isa, &mr, &nr)
        let iterations = 4_000_000_000 / (2 * mr * nr * depth)
        let saved = engineThreadCount
        engineThreadCount = cores
        defer { engineThreadCount = saved }
        let loop = { parallelFor(cores, work: Int.max) { range in for _ in range { _ = ck_sgemm_peak_loop(isa, iterations, depth) } } }
        loop()  // warm-up: frequency, page faults, the pool's threads
        var rounds: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            loop()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rounds.append(2 * Double(mr * nr * depth * iterations * cores) / seconds / 1e9)
        }
        return rounds.sorted()[rounds.count / 2]
    }

    /// The CPU's model name from /proc/cpuinfo ("unknown CPU" where there is none).
    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown CPU"
    }

    /// The engine's kernels as the bench header states them: instruction set and tile.
    static var kernelDescription: String {
        let isa = ck_isa_active()
        var mr = 0, nr = 0
        ck_sgemm_tile(isa, &mr, &nr)
        let choice = isa == ck_isa_detected() ? "chosen from CPUID" : "set by --isa; the CPU has \(String(cString: ck_isa_name(ck_isa_detected())))"
        return "\(String(cString: ck_isa_name(isa))) (\(mr)×\(nr) GEMM microkernel, \(choice))"
    }
}
