import ArgumentParser
import Tensors

// OpenBLAS chose its kernels when it was loaded; on CPUs with AVX-512 that it does not
// recognize, start again with its AVX-512 kernels (see KernelSelection).
restartWithFastestBLASKernelsIfNeeded()
RLRun.main()
