import Foundation
import Testing
import Tensors

@Suite struct KernelSelectionTests {
    static let avx512: Set<String> = ["fpu", "avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test func avx512CpuWithHaswellKernelsRestartsWithSkylakeX() {
        #expect(KernelSelection.preferredCoreType(cpuFlags: Self.avx512, loadedCore: "Haswell", environment: [:]) == "SkylakeX")
        #expect(KernelSelection.preferredCoreType(cpuFlags: Self.avx512, loadedCore: "Zen", environment: [:]) == "SkylakeX")
    }

    @Test func kernelsAlreadyUsingAvx512AreKept() {
        for core in ["SkylakeX", "Cooperlake", "SapphireRapids"] {
            #expect(KernelSelection.preferredCoreType(cpuFlags: Self.avx512, loadedCore: core, environment: [:]) == nil)
        }
    }

    @Test func cpuWithoutEveryAvx512FeatureIsNeverGivenAvx512Kernels() {
        let partial = Self.avx512.subtracting(["avx512bw"])
        #expect(KernelSelection.preferredCoreType(cpuFlags: partial, loadedCore: "Haswell", environment: [:]) == nil)
        #expect(KernelSelection.preferredCoreType(cpuFlags: ["fpu", "avx2"], loadedCore: "Haswell", environment: [:]) == nil)
    }

    @Test func userChoiceIsRespected() {
        #expect(KernelSelection.preferredCoreType(
            cpuFlags: Self.avx512, loadedCore: "Haswell", environment: ["OPENBLAS_CORETYPE": "Haswell"]) == nil)
    }

    @Test func cpuinfoFlagsAreParsed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID().uuidString)").path
        try "processor\t: 0\nflags\t\t: fpu avx2 avx512f\n\nprocessor\t: 1\nflags\t\t: fpu\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(KernelSelection.cpuFlags(cpuinfo: path) == ["fpu", "avx2", "avx512f"])
        #expect(KernelSelection.cpuFlags(cpuinfo: path + ".missing").isEmpty)
    }
}
