#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether operations record an autodiff graph on the current thread (on by default).
///
/// Per thread, so that an A3C learner acting in its environment with recording off does not
/// switch it off for another learner that is building its graph at the same moment.
public enum GradientMode {
    /// Nesting depth of `withoutGradients` on this thread, kept in a pthread key.
    private static let depthKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed with status \(status)")
        return key
    }()

    private static var depth: Int {
        get { Int(bitPattern: pthread_getspecific(depthKey)) }
        set { pthread_setspecific(depthKey, UnsafeRawPointer(bitPattern: newValue)) }
    }

    public static var isEnabled: Bool { depth == 0 }

    /// Runs `body` with recording off on this thread.
    public static func withDisabled<Result>(_ body: () throws -> Result) rethrows -> Result {
        depth += 1
        defer { depth -= 1 }
        return try body()
    }
}

/// Runs `body` without recording an autodiff graph, as `torch.no_grad()` does: for acting in
/// an environment, target networks, evaluation.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.withDisabled(body)
}
