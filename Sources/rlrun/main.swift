import ArgumentParser
import Tensors

keepFreedTensorMemory()
RLRun.main()
