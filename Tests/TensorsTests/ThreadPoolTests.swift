import Dispatch
import Synchronization
import Testing
@testable import Tensors

/// The engine's thread pool: every part of every job runs exactly once, jobs back to back,
/// jobs from several threads at once, and jobs inside jobs.
@Suite struct ThreadPoolTests {
    /// Each part adds its index + 1 to its own slot; a part run twice or never shows.
    func runCounted(parts: Int, threads: Int) -> [Int] {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: parts)
        counts.initialize(repeating: 0, count: parts)
        defer { counts.deallocate() }
        ThreadPool.shared.run(parts: parts, threads: threads) { part in counts[part] += part + 1 }
        return Array(UnsafeBufferPointer(start: counts, count: parts))
    }

    @Test func everyPartRunsOnceJobAfterJob() {
        for round in 0..<2000 {
            let parts = 1 + round % 9
            #expect(runCounted(parts: parts, threads: 2) == (0..<parts).map { $0 + 1 }, "round \(round)")
        }
    }

    @Test func jobsFromSeveralThreadsAtOnce() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for round in 0..<500 {
                let parts = 2 + round % 5
                if runCounted(parts: parts, threads: 2) != (0..<parts).map({ $0 + 1 }) {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test func aJobInsideAPartRunsOnItsCaller() {
        let total = Atomic<Int>(0)
        ThreadPool.shared.run(parts: 4, threads: 2) { outer in
            ThreadPool.shared.run(parts: 3, threads: 2) { inner in total.add(outer * 3 + inner + 1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == (1...12).reduce(0, +))
    }

    @Test func parallelForCoversTheRangeInOrderedChunks() {
        var seen = [Int](repeating: 0, count: 100_000)
        seen.withUnsafeMutableBufferPointer { seen in
            parallelFor(seen.count, work: 1 << 20) { range in
                for i in range { seen[i] += 1 }
            }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }
}
