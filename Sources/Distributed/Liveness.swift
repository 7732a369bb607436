import CMPI
#if canImport(Glibc)
import Glibc
#endif

// A collective waits for every rank, so one rank that hangs would leave the others waiting
// forever, and Open MPI (without ULFM) does not notice a hung process, only a dead one. So
// every collective here is non-blocking (MPI_Iallreduce, MPI_Ibcast, MPI_Ibarrier), waited for
// by polling with a deadline. (Open MPI's non-blocking allreduce of the Nature CNN's gradient
// takes about 0.7 ms more than its blocking one, `rlrun bench --only allreduce`: under 1% of
// a PPO minibatch's update on Pong. A blocking one, even after a non-blocking barrier, cannot
// be left if a rank stops inside it.) Past the deadline the rank holds a roll call: it asks every
// other rank whether it is there, with point-to-point messages on their own tags, and waits as
// long again for the answers. Ranks answer from inside their own waits and from
// `answerRollCalls`, which long work on one rank (an evaluation) calls now and then. If all
// answer, the job is slow, not broken, and the wait goes on; the ranks that do not answer are
// named in the error, which ends the job.

extension Communicator {
    /// Message tags of the roll call; collectives use their own context, so these cannot meet
    /// a collective's messages. (MPI guarantees tags up to 32767.)
    static let questionTag: Int32 = 30_001
    static let answerTag: Int32 = 30_002

    /// Polls `request` until it completes, answering other ranks' roll calls meanwhile.
    /// Throws, naming the silent ranks, when a roll call after `timeout` seconds finds any.
    func wait(for request: inout MPI_Request?, _ operation: String) throws(MPIError) {
        var deadline = Self.now() + timeout
        var polls = 0
        while true {
            var done: Int32 = 0
            try check(MPI_Test(&request, &done, nil), operation)
            if done != 0 { return }
            try answerRollCalls()
            if Self.now() > deadline {
                let silent = try rollCall()
                guard silent.isEmpty else { throw lost(silent, during: operation) }
                deadline = Self.now() + timeout
            }
            // Spin while the others are likely close behind; then give the core away, since
            // ranks may share cores (mpirun --oversubscribe) and a long wait needs no haste.
            polls += 1
            if polls > 20_000 { usleep(200) } else if polls > 1_000 { sched_yield() }
        }
    }

    /// Answers every roll call that has come in: a rank busy for long between collectives
    /// calls it now and then, so that the others know it is there.
    public func answerRollCalls() throws(MPIError) {
        try checkCaller("the roll call's answer")
        var nothing: UInt8 = 0
        while true {
            var arrived: Int32 = 0
            var status = MPI_Status()
            try check(MPI_Iprobe(rlrun_mpi_any_source(), Self.questionTag, rlrun_mpi_comm_world(), &arrived, &status),
                      "the roll call's probe")
            guard arrived != 0 else { return }
            try check(MPI_Recv(&nothing, 0, rlrun_mpi_byte(), status.MPI_SOURCE, Self.questionTag, rlrun_mpi_comm_world(), nil),
                      "the roll call's question from rank \(status.MPI_SOURCE)")
            try check(MPI_Send(&nothing, 0, rlrun_mpi_byte(), status.MPI_SOURCE, Self.answerTag, rlrun_mpi_comm_world()),
                      "the roll call's answer to rank \(status.MPI_SOURCE)")
        }
    }

    /// Asks every other rank whether it is there and waits up to `timeout` seconds for the
    /// answers, answering others meanwhile. Returns the ranks that did not answer.
    private func rollCall() throws(MPIError) -> [Int] {
        let others = (0..<size).filter { $0 != rank }
        var question: UInt8 = 0
        var answers = [UInt8](repeating: 0, count: size)
        var sends = [MPI_Request?](repeating: rlrun_mpi_request_null(), count: size)
        var receives = [MPI_Request?](repeating: rlrun_mpi_request_null(), count: size)
        // Who has not answered yet. (Open MPI's MPI_REQUEST_NULL is not a null pointer, so a
        // finished request cannot be told from its handle.)
        var waiting = Set(others)
        try answers.withUnsafeMutableBufferPointer { (answers) throws(MPIError) in
            for other in others {
                try check(MPI_Irecv(answers.baseAddress! + other, 0, rlrun_mpi_byte(), Int32(other), Self.answerTag,
                                    rlrun_mpi_comm_world(), &receives[other]), "the roll call's receive from rank \(other)")
                try check(MPI_Isend(&question, 0, rlrun_mpi_byte(), Int32(other), Self.questionTag, rlrun_mpi_comm_world(),
                                    &sends[other]), "the roll call's question to rank \(other)")
            }
            let deadline = Self.now() + timeout
            while !waiting.isEmpty && Self.now() < deadline {
                for other in waiting {
                    var done: Int32 = 0
                    try check(MPI_Test(&receives[other], &done, nil), "the roll call's receive from rank \(other)")
                    if done != 0 { waiting.remove(other) }
                }
                try answerRollCalls()
                usleep(1_000)
            }
            // The questions to silent ranks stay unsent and their answers unreceived: drop them.
            for other in waiting {
                MPI_Cancel(&receives[other])
                MPI_Request_free(&receives[other])
                MPI_Request_free(&sends[other])
            }
            for other in others where !waiting.contains(other) {
                var done: Int32 = 0
                MPI_Test(&sends[other], &done, nil)
                if done == 0 { MPI_Request_free(&sends[other]) }
            }
        }
        return waiting.sorted()
    }

    private func lost(_ silent: [Int], during operation: String) -> MPIError {
        let named = silent.count == 1 ? "rank \(silent[0])" : "ranks " + silent.map(String.init).joined(separator: ", ")
        let verb = silent.count == 1 ? "has" : "have"
        var error = MPIError(description: String(
            format: "%@ of %d %@ not answered for %.0f s (dead or hung) while rank %d waited in %@; the job ends",
            named, size, verb, 2 * timeout, rank, operation))
        error.lostRanks = silent
        error.isReporter = (0..<size).first { !silent.contains($0) } == rank
        return error
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
