import CMPI
import NN
#if canImport(Glibc)
import Glibc
#endif

/// A failed MPI call, named with what it was doing and Open MPI's own message; or ranks lost
/// in the middle of a collective (`lostRanks`).
public struct MPIError: Error, CustomStringConvertible {
    public let description: String
    /// The ranks that stopped answering, when that is the failure.
    public var lostRanks: [Int] = []
    /// Whether this rank is the one to print the error: of the ranks that found the same
    /// ranks lost, the lowest, so that the job prints it once.
    public var isReporter = true

    public init(description: String) { self.description = description }
}

/// This process's place in an MPI job (Open MPI), and the collective operations data-parallel
/// training needs: rank and size, the sum and mean of Float buffers over all ranks (allreduce),
/// broadcast from one rank, barrier and abort.
///
/// MPI is started only when the process was launched by mpirun (`launchedByMPI`): a plain
/// `rlrun` never touches it. Every call must come from the thread that made the communicator:
/// it asks MPI for MPI_THREAD_FUNNELED (other threads may run, only this one calls MPI) and
/// checks the level granted. Calls return errors instead of aborting the job
/// (MPI_ERRORS_RETURN), so that a caller can say which operation failed.
public final class Communicator: ProcessGroup {
    /// Whether an Open MPI launcher (mpirun) started this process: it sets
    /// OMPI_COMM_WORLD_SIZE in every rank's environment.
    public static var launchedByMPI: Bool { getenv("OMPI_COMM_WORLD_SIZE") != nil }

    /// This process's rank, 0..<size.
    public let rank: Int
    /// Processes in the job.
    public let size: Int
    /// How long a collective waits before it asks whether the other ranks are still there
    /// (`wait(for:_:)`); also how long they have to answer. Every rank must call into MPI
    /// (a collective, or `answerRollCalls`) at least this often.
    public var timeout: Double = 60
    private let owner: pthread_t
    /// What `sum` sends from, kept between calls (a gradient's size).
    private var sendBuffer: [Float] = []
    private var finalized = false

    /// Starts MPI. Throws when the process was not launched by mpirun, when MPI fails to start,
    /// or when it cannot grant MPI_THREAD_FUNNELED.
    public init() throws(MPIError) {
        guard Communicator.launchedByMPI else {
            throw MPIError(description: "MPI: this process was not launched by mpirun (no OMPI_COMM_WORLD_SIZE); run it as mpirun -np K …")
        }
        var provided: Int32 = 0
        let started = MPI_Init_thread(nil, nil, rlrun_mpi_thread_funneled(), &provided)
        guard started == rlrun_mpi_success() else {
            throw MPIError(description: "MPI: MPI_Init_thread failed (error \(started))")
        }
        guard provided >= rlrun_mpi_thread_funneled() else {
            MPI_Finalize()
            throw MPIError(description: "MPI: the library grants thread level \(provided), rlrun needs MPI_THREAD_FUNNELED (\(rlrun_mpi_thread_funneled())); use an Open MPI built with thread support")
        }
        MPI_Comm_set_errhandler(rlrun_mpi_comm_world(), rlrun_mpi_errors_return())
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(rlrun_mpi_comm_world(), &rank)
        MPI_Comm_size(rlrun_mpi_comm_world(), &size)
        (self.rank, self.size, owner) = (Int(rank), Int(size), pthread_self())
    }

    deinit { finalize() }

    /// buffer ← the elementwise sum of every rank's buffer, in place.
    public func sum(_ buffer: UnsafeMutableBufferPointer<Float>) throws(MPIError) {
        try checkCaller("allreduce")
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        for start in stride(from: 0, to: buffer.count, by: Self.maximumCount) {
            let count = Swift.min(Self.maximumCount, buffer.count - start)
            let operation = "the allreduce of \(count) floats"
            // From a copy, not in place: Open MPI's non-blocking allreduce picks a binomial tree
            // (every byte through rank 0, log2(size) times) for MPI_IN_PLACE, and the
            // bandwidth-optimal reduce-scatter and allgather (Rabenseifner) otherwise from 4
            // ranks up (libnbc's nbc_iallreduce.c).
            if sendBuffer.count < count { sendBuffer = [Float](repeating: 0, count: count) }
            try sendBuffer.withUnsafeMutableBufferPointer { (send) throws(MPIError) in
                send.baseAddress!.update(from: base + start, count: count)
                var request = rlrun_mpi_request_null()
                try check(MPI_Iallreduce(send.baseAddress!, base + start, Int32(count), rlrun_mpi_float(), rlrun_mpi_sum(),
                                         rlrun_mpi_comm_world(), &request), operation)
                try wait(for: &request, operation)
            }
        }
    }

    /// values ← root's values on every rank (each rank passes the same count).
    public func broadcast(_ values: inout [Float], from root: Int = 0) throws(MPIError) {
        try values.withUnsafeMutableBufferPointer { (buffer) throws(MPIError) in
            try broadcast(UnsafeMutableRawBufferPointer(buffer), from: root)
        }
    }

    /// bytes ← root's bytes on every rank, whatever their count elsewhere: the root's count is
    /// sent first. For messages of any kind (a run's configuration, a checkpoint's file).
    public func broadcast(bytes: inout [UInt8], from root: Int = 0) throws(MPIError) {
        var count = [UInt64(bytes.count)]
        try count.withUnsafeMutableBufferPointer { (buffer) throws(MPIError) in
            try broadcast(UnsafeMutableRawBufferPointer(buffer), from: root)
        }
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(count[0])) }
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(MPIError) in
            try broadcast(UnsafeMutableRawBufferPointer(buffer), from: root)
        }
    }

    /// The root's bytes into every rank's buffer of the same size.
    private func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws(MPIError) {
        try checkCaller("broadcast")
        precondition(root >= 0 && root < size, "broadcast root \(root) is not a rank of this \(size)-rank job")
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        for start in stride(from: 0, to: bytes.count, by: Self.maximumCount) {
            let count = Swift.min(Self.maximumCount, bytes.count - start)
            let operation = "the broadcast of \(count) bytes from rank \(root)"
            var request = rlrun_mpi_request_null()
            try check(MPI_Ibcast(base + start, Int32(count), rlrun_mpi_byte(), Int32(root), rlrun_mpi_comm_world(), &request),
                      operation)
            try wait(for: &request, operation)
        }
    }

    /// Returns once every rank has called it.
    public func barrier() throws(MPIError) {
        try checkCaller("barrier")
        var request = rlrun_mpi_request_null()
        try check(MPI_Ibarrier(rlrun_mpi_comm_world(), &request), "the barrier")
        try wait(for: &request, "the barrier")
    }

    /// Ends every rank of the job with `code` (MPI_Abort): for an error one rank cannot recover
    /// from while the others wait for it in a collective.
    public func abort(code: Int32) -> Never {
        MPI_Abort(rlrun_mpi_comm_world(), code)
        exit(code)
    }

    /// Shuts MPI down (after a last barrier of the caller's choosing); later calls are errors.
    public func finalize() {
        guard !finalized else { return }
        finalized = true
        MPI_Finalize()
    }

    /// MPI counts are Int32: longer buffers go in pieces.
    static let maximumCount = Int(Int32.max)

    func checkCaller(_ operation: String) throws(MPIError) {
        guard !finalized else { throw MPIError(description: "MPI: \(operation) after finalize") }
        guard pthread_equal(pthread_self(), owner) != 0 else {
            throw MPIError(description: "MPI: \(operation) called from a thread other than the one that started MPI (MPI_THREAD_FUNNELED)")
        }
    }

    func check(_ code: Int32, _ operation: String) throws(MPIError) {
        guard code != rlrun_mpi_success() else { return }
        var message = [CChar](repeating: 0, count: 1024)
        var length: Int32 = 0
        MPI_Error_string(code, &message, &length)
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw MPIError(description: "MPI: \(operation) failed: \(text)")
    }
}
