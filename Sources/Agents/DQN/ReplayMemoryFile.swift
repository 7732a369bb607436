#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NN
import Randomness

/// DQN's replay memory on disk, as `--save-replay` keeps it beside `latest.safetensors`
/// (Stable-Baselines3's `save_replay_buffer`): with it, a resumed run samples from the same
/// memory and goes on with the same random streams, instead of refilling an empty memory and
/// waiting `learning_starts` steps again.
///
/// The file: a magic line, 22 little-endian UInt64 header words, then the buffer's arrays as
/// they lie in memory (native little-endian floats and integers: x86-64 and ARM64 alike).
///   0 kind (1: whole observations, `ReplayBuffer`; 2: frames, `FrameReplayBuffer`)
///   1 bytes of one observation element (1: UInt8 pixels, 4: Float)
///   2 capacity, 3 elements of one observation, 4 frames in one observation (1 for kind 1)
///   5 transitions stored (kind 1) or entries written (kind 2)
///   6 the next ring slot (kind 1) or whether the last transition ended its episode (kind 2)
///   7 the agent's steps, which must match the checkpoint it is restored with
///   8 transitions collected since the memory was made, 9 the number of actions
///   10–21 the exploration, sampling and evaluation generators' states
/// Every header value is checked against the agent before anything is read, the file's size
/// against the header, and the stored actions and flags against what sampling relies on: a
/// damaged or foreign file is refused in one line, never trusted into a trap or a hang.
enum ReplayMemoryFile {
    static let magic = Array("rlrun replay memory 1\n".utf8)
    static let headerWords = 22

    /// What the file restores besides the memory: the agent's collected count and generators.
    struct AgentState {
        var collected: Int
        var exploration, sampling, evaluation: SeededGenerator
    }

    /// Writes `replay` and the agent's state atomically to `path`.
    static func write(_ replay: AnyObject, of agent: DQNAgent, to path: String) throws {
        let (head, arrays): ([UInt64], [(UnsafeMutableRawPointer, Int)])
        switch replay {
        case let buffer as ReplayBuffer<Float>: (head, arrays) = describe(buffer)
        case let buffer as ReplayBuffer<UInt8>: (head, arrays) = describe(buffer)
        case let buffer as FrameReplayBuffer<UInt8>: (head, arrays) = describe(buffer)
        case let buffer as FrameReplayBuffer<Float>: (head, arrays) = describe(buffer)
        default: preconditionFailure("DQN keeps its memory in a ReplayBuffer or FrameReplayBuffer of UInt8 or Float")
        }
        let words = head + [UInt64(agent.steps), UInt64(agent.collected), UInt64(agent.actionCount)]
            + agent.exploration.stateWords + agent.sampling.stateWords + agent.evaluation.stateWords
        precondition(words.count == headerWords)
        try AtomicFile.write(to: path) { file in
            try magic.withUnsafeBytes { try file.write($0) }
            try words.map(\.littleEndian).withUnsafeBytes { try file.write($0) }
            for (pointer, bytes) in arrays { try file.write(UnsafeRawBufferPointer(start: pointer, count: bytes)) }
        }
    }

    /// Header words 0–6 of a whole-observation buffer, and its arrays in file order (pointer, bytes).
    private static func describe<S>(_ buffer: ReplayBuffer<S>) -> ([UInt64], [(UnsafeMutableRawPointer, Int)]) {
        ([1, UInt64(MemoryLayout<S>.stride), UInt64(buffer.capacity), UInt64(buffer.observationSize), 1,
          UInt64(buffer.count), UInt64(buffer.nextSlot)], contents(of: buffer))
    }

    /// Header words 0–6 of a frame buffer, and its arrays in file order (pointer, bytes).
    private static func describe<S>(_ buffer: FrameReplayBuffer<S>) -> ([UInt64], [(UnsafeMutableRawPointer, Int)]) {
        ([2, UInt64(MemoryLayout<S>.stride), UInt64(buffer.capacity), UInt64(buffer.observationSize), UInt64(buffer.stackSize),
          UInt64(buffer.written), buffer.episodeOver ? 1 : 0], contents(of: buffer))
    }

    /// The arrays of a whole-observation buffer, in file order: (pointer, bytes).
    private static func contents<S>(of buffer: ReplayBuffer<S>) -> [(UnsafeMutableRawPointer, Int)] {
        let (n, size) = (buffer.capacity, buffer.observationSize)
        return [(UnsafeMutableRawPointer(buffer.observations), n * size * MemoryLayout<S>.stride),
                (UnsafeMutableRawPointer(buffer.nextObservations), n * size * MemoryLayout<S>.stride),
                (UnsafeMutableRawPointer(buffer.actions), n * 4), (UnsafeMutableRawPointer(buffer.rewards), n * 4),
                (UnsafeMutableRawPointer(buffer.terminated), n)]
    }

    /// The arrays of a frame buffer, in file order: (pointer, bytes).
    private static func contents<S>(of buffer: FrameReplayBuffer<S>) -> [(UnsafeMutableRawPointer, Int)] {
        let n = buffer.ringSize
        return [(UnsafeMutableRawPointer(buffer.frames), n * buffer.frameSize * MemoryLayout<S>.stride),
                (UnsafeMutableRawPointer(buffer.actions), n * 4), (UnsafeMutableRawPointer(buffer.rewards), n * 4),
                (UnsafeMutableRawPointer(buffer.flags), n)]
    }

    /// Reads the memory at `path` into a new buffer of `Scalar` for `agent`, after checking it
    /// fits the agent (whose checkpoint is already restored); returns the buffer and the
    /// agent's state to put back.
    static func read<Scalar: AgentObservation>(_ path: String, for agent: DQNAgent, scalar: Scalar.Type) throws(DQNError)
        -> (replay: AnyObject, state: AgentState) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DQNError("\(path): cannot open the replay memory: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw DQNError("\(path): cannot read the replay memory: \(String(cString: strerror(errno)))") }
        return try decode(size: Int(status.st_size), name: path, for: agent, scalar: scalar) { readFully(fd, $0) }
    }

    /// The same from the bytes of a file; `name` names them in errors.
    static func decode<Scalar: AgentObservation>(_ bytes: [UInt8], name: String, for agent: DQNAgent, scalar: Scalar.Type) throws(DQNError)
        -> (replay: AnyObject, state: AgentState) {
        var offset = 0
        return try decode(size: bytes.count, name: name, for: agent, scalar: scalar) { target in
            guard bytes.count - offset >= target.count else { return -1 }
            bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + target.count)])) }
            offset += target.count
            return 0
        }
    }

    /// Decodes a file of `size` bytes that `fill` reads in order (it fills a buffer whole and
    /// returns 0, or an errno, or -1 at the end).
    private static func decode<Scalar: AgentObservation>(size fileSize: Int, name path: String, for agent: DQNAgent, scalar: Scalar.Type,
                                                         fill: (UnsafeMutableRawBufferPointer) -> Int32) throws(DQNError)
        -> (replay: AnyObject, state: AgentState) {
        func refuse(_ reason: String) -> DQNError { DQNError("\(path): \(reason)") }
        var opening = [UInt8](repeating: 0, count: magic.count + headerWords * 8)
        guard fileSize >= opening.count, opening.withUnsafeMutableBytes({ fill($0) }) == 0,
              Array(opening[..<magic.count]) == magic else {
            throw refuse("not an rlrun replay memory (it does not start with its header); remove it to resume without it")
        }
        let words = (0..<headerWords).map { i in
            opening.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: magic.count + 8 * i, as: UInt64.self)) }
        }
        let h = agent.hyperparameters
        let pixels = isPixelStack(agent.observationShape)
        let observationSize = agent.observationShape.reduce(1, *)
        let stackSize = pixels ? agent.observationShape[0] : 1
        let expected: [(index: Int, value: Int, name: String)] = [
            (0, pixels ? 2 : 1, "kind of memory"), (1, MemoryLayout<Scalar>.stride, "observation element size"),
            (2, h.replayCapacity, "replay_capacity"), (3, observationSize, "observation size"), (4, stackSize, "frames in an observation"),
            (7, agent.steps, "step (the checkpoint's)"), (9, agent.actionCount, "number of actions"),
        ]
        for (index, value, name) in expected where words[index] != UInt64(value) {
            throw refuse("its \(name) is \(words[index]), this run's is \(value): it belongs to another run or another save; remove it to resume without it")
        }
        guard let exploration = SeededGenerator(stateWords: Array(words[10..<14])),
              let sampling = SeededGenerator(stateWords: Array(words[14..<18])),
              let evaluation = SeededGenerator(stateWords: Array(words[18..<22])) else {
            throw refuse("its random generators' states are zero; the file is damaged")
        }
        // Each step adds one transition: a memory never holds more than the run's steps.
        guard words[8] <= UInt64(agent.steps) else {
            throw refuse("it counts \(words[8]) transitions collected in \(agent.steps) steps; the file is damaged")
        }
        let state = AgentState(collected: Int(words[8]), exploration: exploration, sampling: sampling, evaluation: evaluation)

        let replay: AnyObject
        let arrays: [(UnsafeMutableRawPointer, Int)]
        let check: () -> String?
        if pixels {
            let buffer = FrameReplayBuffer<Scalar>(capacity: h.replayCapacity, observationShape: agent.observationShape)
            guard words[5] <= UInt64(Int.max / 2), words[6] <= 1 else { throw refuse("its counts are out of range; the file is damaged") }
            buffer.written = Int(words[5])
            buffer.episodeOver = words[6] == 1
            (replay, arrays) = (buffer, contents(of: buffer))
            check = { validate(buffer, actionCount: agent.actionCount) }
        } else {
            let buffer = ReplayBuffer<Scalar>(capacity: h.replayCapacity, observationSize: observationSize)
            guard words[5] <= UInt64(h.replayCapacity), words[6] < UInt64(h.replayCapacity),
                  words[5] == UInt64(h.replayCapacity) || words[6] == words[5] else {
                throw refuse("its counts are out of range; the file is damaged")
            }
            buffer.count = Int(words[5])
            buffer.nextSlot = Int(words[6])
            (replay, arrays) = (buffer, contents(of: buffer))
            check = { validate(buffer, actionCount: agent.actionCount) }
        }
        let size = opening.count + arrays.reduce(0) { $0 + $1.1 }
        guard fileSize == size else {
            throw refuse("\(fileSize) bytes where its header needs \(size): it was cut short or is damaged; remove it to resume without it")
        }
        for (pointer, bytes) in arrays {
            let code = fill(UnsafeMutableRawBufferPointer(start: pointer, count: bytes))
            guard code == 0 else { throw refuse(code < 0 ? "it ended early" : "cannot read it: \(String(cString: strerror(code)))") }
        }
        if let problem = check() { throw refuse("\(problem); the file is damaged") }
        // Learning samples once `collected` reaches learning_starts: never from an empty memory.
        let empty = (replay as? any ExperienceReplay<Scalar>)?.isEmpty ?? true
        guard !empty || state.collected == 0 else { throw refuse("it counts \(state.collected) transitions collected but holds none; the file is damaged") }
        return (replay, state)
    }

    /// What whole-observation sampling relies on: actions in range, `terminated` a real Bool.
    private static func validate<S>(_ buffer: ReplayBuffer<S>, actionCount: Int) -> String? {
        let raw = UnsafeRawPointer(buffer.terminated).assumingMemoryBound(to: UInt8.self)
        for slot in 0..<buffer.count {
            guard (0..<Int32(actionCount)).contains(buffer.actions[slot]) else { return "slot \(slot) holds action \(buffer.actions[slot])" }
            guard raw[slot] <= 1 else { return "slot \(slot) has a terminal flag of \(raw[slot])" }
        }
        return nil
    }

    /// What frame sampling relies on: known flag bits; actions in range where there is a
    /// transition; the newest entry without one and the one before it with one (sampling
    /// redraws until it finds a transition, and reads the entry after it); and, before the
    /// ring wraps, an episode starting at entry 0 (stacks walk back to their episode's start).
    private static func validate<S>(_ buffer: FrameReplayBuffer<S>, actionCount: Int) -> String? {
        let written = buffer.written, oldest = written - buffer.storedCount
        guard written >= 1 else { return nil }
        let flagsOf = { (t: Int) in buffer.flags[t % buffer.ringSize] }
        guard flagsOf(written - 1) & FrameReplayBuffer<S>.hasTransition == 0 else { return "its newest entry claims a transition" }
        if written >= 2, flagsOf(written - 2) & FrameReplayBuffer<S>.hasTransition == 0 { return "its last transition is missing" }
        if written <= buffer.ringSize, flagsOf(0) & FrameReplayBuffer<S>.episodeStart == 0 { return "its first entry does not start an episode" }
        for t in oldest..<written {
            let flags = flagsOf(t)
            guard flags & ~7 == 0 else { return "entry \(t) has flags \(flags)" }
            if flags & FrameReplayBuffer<S>.hasTransition != 0 {
                let action = buffer.actions[t % buffer.ringSize]
                guard (0..<Int32(actionCount)).contains(action) else { return "entry \(t) holds action \(action)" }
            }
        }
        return nil
    }
}
