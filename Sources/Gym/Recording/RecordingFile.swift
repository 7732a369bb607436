#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes for replays and GIFs. NN's `AtomicFile` does the same for
/// checkpoints, but Gym cannot import NN, so this is the small part of it recordings need.
///
/// A write goes to a hidden temporary file in the destination's directory, is flushed to disk
/// (fsync), and is then renamed over the destination: rename(2) is atomic within a file system,
/// so a reader (or the disk after a crash) sees the old file or the whole new one, never half.
enum RecordingFile {
    /// A failed file-system call: the file, what was being done, and errno.
    struct Failure: Error, Equatable {
        let path: String
        let step: String
        let code: Int32

        /// "could not <step>: <reason> (<fix>)", for the callers' one-line errors.
        var reason: String {
            var text = "could not \(step): \(String(cString: strerror(code)))"
            switch code {
            case ENOENT: text += " (check the path; create the directory first)"
            case EACCES, EPERM, EROFS: text += " (check the permissions of the file and its directory)"
            case ENOSPC, EDQUOT: text += " (free some disk space)"
            case EISDIR: text += " (give the path of a file, not a directory)"
            default: break
            }
            return text
        }
    }

    /// The bytes of the file at `path`.
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, step: "open it", code: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Failure(path: path, step: "read its size", code: errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw Failure(path: path, step: "read it", code: EISDIR) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, step: "read it", code: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Replaces the file at `path` with `bytes`, atomically (see the type's comment). On any
    /// failure the temporary file is removed and the old file, if any, is left as it was.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        var temporary = ""
        var fd: Int32 = -1
        // O_EXCL never reuses a file another writer has just made; a random suffix avoids them.
        for _ in 0..<16 where fd < 0 {
            temporary = directory + "/." + name + ".tmp-" + String(UInt32.random(in: .min ... .max), radix: 16)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0, errno != EEXIST { throw Failure(path: path, step: "create a temporary file in \(directory)", code: errno) }
        }
        guard fd >= 0 else { throw Failure(path: path, step: "create a temporary file in \(directory)", code: EEXIST) }
        var renamed = false
        defer {
            if fd >= 0 { close(fd) }
            if !renamed { unlink(temporary) }
        }
        let writeError: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = systemWrite(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let writeError { throw Failure(path: path, step: "write \(temporary)", code: writeError) }
        guard fsync(fd) == 0 else { throw Failure(path: path, step: "flush \(temporary) to disk", code: errno) }
        let closing = fd
        fd = -1
        guard close(closing) == 0 else { throw Failure(path: path, step: "close \(temporary)", code: errno) }
        guard rename(temporary, path) == 0 else { throw Failure(path: path, step: "rename \(temporary) over it", code: errno) }
        renamed = true
        // Flushing the directory makes the rename itself survive a crash; some file systems
        // cannot sync a directory (EINVAL), and the rename has happened anyway.
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Makes `path` and any missing parents, as `mkdir -p`.
    static func makeDirectory(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw Failure(path: path, step: "create the directory \(prefix)", code: errno)
            }
            prefix += "/"
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure(path: path, step: "create the directory", code: errno) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw Failure(path: path, step: "use it as a directory", code: ENOTDIR) }
    }
}

/// read(2) and write(2), named apart from the methods above.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
