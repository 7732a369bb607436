import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` over `0..<count` split into one contiguous range per core, when the job touches
/// enough memory (`work` elements) to pay for waking a second thread; otherwise on this thread.
///
/// Deterministic as long as each index writes memory no other index writes: the split only
/// changes which thread does an index, never what it computes. Kernels that run beside
/// OpenBLAS (im2col, col2im, reorders) and optimizer steps use it; OpenBLAS threads its own
/// GEMMs.
@inlinable
public func parallelFor(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let chunks = Swift.min(count, parallelCoreCount)
    if chunks <= 1 || work < parallelWorkThreshold {
        body(0..<count)
        return
    }
    // concurrentPerform returns only when every chunk is done, so `body` does not escape.
    withoutActuallyEscaping(body) { body in
        let run = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            run.value((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
        }
    }
}

/// Below this many elements touched, a kernel runs on the calling thread: waking another
/// costs some microseconds, about what one core spends copying this much from cache.
public let parallelWorkThreshold = 1 << 15

/// Cores online when the process started.
public let parallelCoreCount = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

/// A closure handed to worker threads whose safety the caller argues (disjoint writes).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
