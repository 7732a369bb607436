import ArgumentParser

RLRun.main()
