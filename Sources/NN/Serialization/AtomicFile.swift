#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers, and the disk after a crash or power cut, see either the
/// old file or the complete new one, never a half-written mix: the bytes go to a temporary
/// file in the same directory, which is flushed to disk and then renamed over the
/// destination (rename is atomic within a file system, POSIX rename(2)); finally the
/// directory is flushed so the rename itself survives a crash.
///
/// Checkpoints are written this way so that killing a training run mid-save keeps the last
/// good checkpoint.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing any file there. Throws `FileWriteError`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { file in try bytes.withUnsafeBytes { try file.write($0) } }
    }

    /// Calls `body` to write the new contents piece by piece (no need to build them in
    /// memory first), then puts them in place of `path`. When `body` or any step throws,
    /// the temporary file is removed and whatever was at `path` is left untouched.
    /// Throws `FileWriteError` for file-system failures, or what `body` throws.
    public static func write(to path: String, _ body: (TemporaryFile) throws -> Void) throws {
        let directory = Self.directory(of: path)
        let file = try TemporaryFile(nextTo: path, in: directory)
        var renamed = false
        defer {
            if file.descriptor >= 0 { close(file.descriptor) }
            if !renamed { unlink(file.path) }
        }
        try body(file)
        try file.check(fsync(file.descriptor), "flush the temporary file \(file.path) to disk")
        let descriptor = file.descriptor
        file.descriptor = -1
        try file.check(close(descriptor), "close the temporary file \(file.path)")
        try file.check(rename(file.path, path), "rename \(file.path) over it")
        renamed = true
        try syncDirectory(directory, for: path)
    }

    /// A freshly created file next to the destination, open for writing.
    public final class TemporaryFile {
        /// Where the final file goes, for error messages.
        let destination: String
        let path: String
        fileprivate(set) var descriptor: Int32

        fileprivate init(nextTo destination: String, in directory: String) throws(FileWriteError) {
            self.destination = destination
            // Hidden and named after the destination, so a leftover from a crash (the one
            // case where cleanup cannot run) is easy to recognise.
            let base = destination.split(separator: "/").last.map(String.init) ?? "file"
            var attempt = 0
            while true {
                let candidate = directory + "/." + base + ".tmp-" + String(UInt32.random(in: .min ... .max), radix: 16)
                // O_EXCL: never reuse a file someone else (another writer) just created.
                let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                if fd >= 0 { path = candidate; descriptor = fd; return }
                let code = errno
                attempt += 1
                if code != EEXIST || attempt == 16 {
                    throw FileWriteError(path: destination, step: "create a temporary file in \(directory)", code: code)
                }
            }
        }

        /// Appends `bytes`, retrying short writes and interruptions.
        public func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
            let code = writeFully(descriptor, bytes)
            if code != 0 { throw FileWriteError(path: destination, step: "write \(path)", code: code) }
        }

        fileprivate func check(_ result: Int32, _ step: String) throws(FileWriteError) {
            if result != 0 { throw FileWriteError(path: destination, step: step, code: errno) }
        }
    }

    /// The directory holding `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// fsync on the directory makes the new directory entry (the rename) durable.
    private static func syncDirectory(_ directory: String, for path: String) throws(FileWriteError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileWriteError(path: path, step: "open its directory \(directory) to flush it", code: errno) }
        defer { close(fd) }
        // Some file systems cannot sync a directory (EINVAL); the rename has happened anyway.
        if fsync(fd) != 0, errno != EINVAL {
            throw FileWriteError(path: path, step: "flush its directory \(directory) to disk", code: errno)
        }
    }
}

/// A file that could not be written: which file, which step failed, and the system's reason.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let step: String
    /// The errno value.
    public let code: Int32

    public init(path: String, step: String, code: Int32) { (self.path, self.step, self.code) = (path, step, code) }

    public var description: String {
        var message = "\(path): cannot write the file: could not \(step): \(String(cString: strerror(code)))"
        switch code {
        case ENOENT: message += " (create the directory first)"
        case EACCES, EPERM, EROFS: message += " (check that the directory is writable)"
        case ENOSPC, EDQUOT: message += " (free some disk space)"
        default: break
        }
        return message
    }
}
