#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes all of `bytes` to the file descriptor `fd`, retrying the short writes and
/// interruptions write(2) may give. Returns 0, or the errno of the write that failed (ENOSPC
/// on a full disk): the caller names the file.
public func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    guard var next = bytes.baseAddress else { return 0 }
    var remaining = bytes.count
    while remaining > 0 {
        let written = write(fd, next, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        next += written
        remaining -= written
    }
    return 0
}

/// Fills all of `bytes` from the file descriptor `fd`, retrying short reads and interruptions.
/// Returns 0; the errno of the read that failed; or -1 if the file ended first.
public func readFully(_ fd: Int32, _ bytes: UnsafeMutableRawBufferPointer) -> Int32 {
    guard var next = bytes.baseAddress else { return 0 }
    var remaining = bytes.count
    while remaining > 0 {
        let count = read(fd, next, remaining)
        if count < 0 {
            if errno == EINTR { continue }
            return errno
        }
        if count == 0 { return -1 }
        next += count
        remaining -= count
    }
    return 0
}
