import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` over `0..<count` split into one contiguous range per core, when the job touches
/// enough memory (`work` elements) to pay for waking a second thread; otherwise on this thread.
///
/// Deterministic as long as each index writes memory no other index writes: the split only
/// changes which thread does an index, never what it computes. Every kernel of the engine
/// splits its work over its one pool of threads (`ThreadPool`), matrix products included
/// (`sgemm`): no second pool waits beside it.
public func parallelFor(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let threads = engineThreadCount
    let chunks = Swift.min(count, threads)
    if chunks <= 1 || work < parallelWorkThreshold {
        body(0..<count)
        return
    }
    ThreadPool.shared.run(parts: chunks, threads: threads) { chunk in
        body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
}

/// Runs `body(i)` for every i in 0..<count, each index a part that the next free thread claims
/// (load balance for parts of uneven cost, or more parts than threads), when the job touches
/// enough memory (`work` elements); otherwise in order on this thread. Deterministic under the
/// same condition as `parallelFor`.
public func parallelForEachPart(_ count: Int, work: Int, _ body: (Int) -> Void) {
    precondition(count < 1 << 20, "parallelForEachPart takes fewer than 2²⁰ parts (the pool's ticket), got \(count)")
    let threads = engineThreadCount
    if threads <= 1 || count <= 1 || work < parallelWorkThreshold {
        for i in 0..<count { body(i) }
        return
    }
    ThreadPool.shared.run(parts: count, threads: threads, body)
}

/// Below this many elements touched, a kernel runs on the calling thread: waking another
/// costs some microseconds, about what one core spends copying this much from cache.
public let parallelWorkThreshold = 1 << 15

/// Cores online when the process started.
public let parallelCoreCount = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

/// Threads the engine's kernels split a job over: every core unless set lower, as when
/// several learners each run their own products (A3C) or a user asks for fewer threads.
/// Results do not depend on it.
public var engineThreadCount: Int {
    get { engineThreads.load(ordering: .relaxed) }
    set {
        precondition(newValue >= 1, "the engine needs at least one thread, got \(newValue)")
        engineThreads.store(newValue, ordering: .relaxed)
    }
}

private let engineThreads = Atomic<Int>(parallelCoreCount)
