import Foundation
import Tensors

/// Restarts this process with `OPENBLAS_CORETYPE` set when the CPU supports OpenBLAS kernels
/// faster than those it loaded (see `KernelSelection`). Returns only when no restart is
/// needed, or when exec failed, in which case the process goes on with the kernels it has.
func restartWithFastestBLASKernelsIfNeeded() {
    guard let core = KernelSelection.preferredCoreType(
        cpuFlags: KernelSelection.cpuFlags(), loadedCore: OpenBLAS.coreName,
        environment: ProcessInfo.processInfo.environment) else { return }
    // The variable is set before exec, so the restarted process sees it and never restarts.
    setenv("OPENBLAS_CORETYPE", core, 1)
    var arguments = CommandLine.arguments.map { strdup($0) }
    arguments.append(nil)
    execv("/proc/self/exe", &arguments)
    unsetenv("OPENBLAS_CORETYPE")
    for argument in arguments { free(argument) }
}
