import ArgumentParser
import Foundation
import Tensors

keepFreedTensorMemory()
// Past a file-size limit (ulimit -f), a write then fails with EFBIG, which the run reports in
// one line and survives with its checkpoint whole, instead of the process being killed.
signal(SIGXFSZ, SIG_IGN)
RLRun.main()
