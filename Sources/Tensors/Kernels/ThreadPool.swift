import CKernels
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The engine's one pool of worker threads: every kernel that splits its work over the cores
/// (`parallelFor`, the matrix products' bands) runs its parts here, the calling thread taking
/// part. Made for the engine's pattern, dozens of short parallel jobs back to back in a
/// training step:
///
/// - A job's parts are claimed one at a time from a shared ticket, so a part never waits for a
///   particular thread; which thread runs a part never changes what the part computes.
/// - A worker that finishes waits for the next job spinning for `spinSeconds` (so a job costs
///   its publisher no system call while the workers spin), then sleeps on a condition
///   variable. The spin is short on purpose: a pool that keeps spinning takes the core from
///   whatever runs next (the environments, another process).
/// - A job submitted while another runs (A3C's learners, a kernel inside a part) runs on its
///   caller alone.
///
/// The ticket holds a generation in its high bits and the next unclaimed part in the low ones.
/// Even generations are open jobs; odd ones mean "no job": the publisher closes the ticket
/// before it touches the job slot, and waits for the workers still reading the slot to leave.
final class ThreadPool: @unchecked Sendable {
    static let shared = ThreadPool(workers: parallelCoreCount - 1)

    /// How long an idle worker spins before it sleeps.
    static let spinSeconds = 50e-6

    private struct Job {
        var parts = 0
        var body: ((Int) -> Void)? = nil
    }

    private static let partBits = 20
    private let workerCount: Int
    private let ticket = Atomic<Int>(1 << partBits)  // generation 1: closed
    /// Parts claimed or not yet claimed that have not finished.
    private let unfinished = Atomic<Int>(0)
    /// Workers between seeing an open generation and leaving its job.
    private let active = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    /// Written only while the ticket is closed and no worker is active.
    private nonisolated(unsafe) var job = Job()
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(workers: Int) {
        workerCount = Swift.max(0, workers)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wakeUp, nil)
        for _ in 0..<workerCount {
            var thread = pthread_t()
            // The pool lives as long as the process (it is only made as `shared`).
            let context = Unmanaged.passUnretained(self).toOpaque()
            let created = pthread_create(&thread, nil, { context in
                Unmanaged<ThreadPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
            }, context)
            precondition(created == 0, "could not start the engine's worker threads (pthread_create: \(created))")
            pthread_detach(thread)
        }
    }

    /// Runs `body(i)` for i in 0..<parts, on up to `threads` threads (this one included), and
    /// returns when all have finished.
    func run(parts: Int, threads: Int, _ body: (Int) -> Void) {
        if parts <= 1 || threads <= 1 || workerCount == 0
            || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for part in 0..<parts { body(part) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            waitForWorkersToLeave()
            job = Job(parts: parts, body: body)
            unfinished.store(parts, ordering: .sequentiallyConsistent)
            let generation = (ticket.load(ordering: .sequentiallyConsistent) >> Self.partBits) + 1
            ticket.store(generation << Self.partBits, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(wakeUp)
                pthread_mutex_unlock(lock)
            }
            runParts(of: generation, parts: parts, body)
            while unfinished.load(ordering: .acquiring) > 0 { ck_cpu_relax() }
            ticket.store((generation + 1) << Self.partBits, ordering: .sequentiallyConsistent)
            waitForWorkersToLeave()
            job = Job()  // the body's last reference outside this call: it must not escape
        }
    }

    private func waitForWorkersToLeave() {
        while active.load(ordering: .sequentiallyConsistent) > 0 { ck_cpu_relax() }
    }

    /// Claims and runs parts of `generation` until none is left.
    private func runParts(of generation: Int, parts: Int, _ body: (Int) -> Void) {
        while true {
            let current = ticket.load(ordering: .sequentiallyConsistent)
            let part = current & ((1 << Self.partBits) - 1)
            guard current >> Self.partBits == generation, part < parts else { return }
            if ticket.compareExchange(expected: current, desired: current + 1, ordering: .sequentiallyConsistent).exchanged {
                body(part)
                unfinished.subtract(1, ordering: .releasing)
            }
        }
    }

    private func workerLoop() -> Never {
        var seen = 0
        while true {
            let generation = waitForOpenJob(after: seen)
            seen = generation
            active.add(1, ordering: .sequentiallyConsistent)
            joinJob(generation)
            active.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Runs parts of the job in the slot if it is still `generation`'s. A function of its own,
    /// so that its copy of the body is released when it returns, before the worker leaves.
    @inline(never)
    private func joinJob(_ generation: Int) {
        guard ticket.load(ordering: .sequentiallyConsistent) >> Self.partBits == generation, let body = job.body else { return }
        runParts(of: generation, parts: job.parts, body)
    }

    /// An open generation other than `seen`: spinning a little, then asleep.
    private func waitForOpenJob(after seen: Int) -> Int {
        func open() -> Int? {
            let generation = ticket.load(ordering: .sequentiallyConsistent) >> Self.partBits
            return generation != seen && generation % 2 == 0 ? generation : nil
        }
        if let generation = open() { return generation }
        let start = monotonicSeconds()
        var spins = 0
        while true {
            ck_cpu_relax()
            if let generation = open() { return generation }
            spins += 1
            if spins % 64 == 0 && monotonicSeconds() - start > Self.spinSeconds { break }
        }
        pthread_mutex_lock(lock)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        var generation = open()
        while generation == nil {
            pthread_cond_wait(wakeUp, lock)
            generation = open()
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
        return generation!
    }
}

@inline(__always)
private func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
