import Tensors

/// The processes of a data-parallel job, as the engine and the agents see them: each has a
/// rank in 0..<size, and they meet in collective operations, which every rank calls in the
/// same order. Distributed's `Communicator` is the one over Open MPI; the agents take any
/// group, so that they need not know MPI.
public protocol ProcessGroup: AnyObject {
    /// This process's rank, 0..<size.
    var rank: Int { get }
    /// Processes in the job.
    var size: Int { get }
    /// buffer ← the elementwise sum of every rank's buffer, in place (each rank passes the same count).
    func sum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    /// values ← rank `root`'s values on every rank (each rank passes the same count).
    func broadcast(_ values: inout [Float], from root: Int) throws
}

extension ProcessGroup {
    /// values ← the elementwise sum of every rank's values.
    public func sum(_ values: inout [Float]) throws {
        try values.withUnsafeMutableBufferPointer { try sum($0) }
    }

    /// values ← the elementwise mean of every rank's values: the sum, divided by the size.
    public func average(_ values: inout [Float]) throws {
        try sum(&values)
        let scale = 1 / Float(size)
        for i in values.indices { values[i] *= scale }
    }
}
