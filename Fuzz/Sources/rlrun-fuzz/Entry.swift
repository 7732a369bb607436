import ReaderFuzzing
#if canImport(Glibc)
import Glibc
#endif

/// The reader this run fuzzes, named by RLRUN_FUZZ_TARGET (one of `FuzzTarget`'s cases).
private let target: FuzzTarget = {
    let name = getenv("RLRUN_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "rlrun-fuzz: set RLRUN_FUZZ_TARGET to one of \(names) (got '\(name)')\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return target
}()

/// libFuzzer's entry: one input, read by the target's reader; a broken contract traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    target.check(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
