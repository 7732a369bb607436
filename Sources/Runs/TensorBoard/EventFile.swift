import Foundation
import NN

/// A run's TensorBoard log: `events.out.tfevents.<Unix seconds>.<host name>` in the run
/// folder, TFRecords of `Event`s, as TensorFlow's `tf.summary` and PyTorch's `SummaryWriter`
/// write them, so that `tensorboard --logdir runs` shows rlrun's runs beside theirs. Events are
/// appended and flushed as they come, so TensorBoard follows a run while it trains and a kill
/// loses at most the record it cut.
public final class EventFile {
    public let path: String
    private let descriptor: Int32

    /// The first write that failed (a full disk): later events are not written, and the run
    /// stops on it as on a failed progress.csv row.
    public private(set) var failure: FileWriteError?

    /// A new event file in `folder`; or, resuming a run whose checkpoint was saved after
    /// `savedStep` steps, the newest event file there, appended to. As with progress.csv, the
    /// events a killed run wrote after its last save are cut first (they are trained again),
    /// as is a record the kill cut short: the file reads as if the run had stopped at the save.
    public init(folder: String, resumingAfterStep savedStep: Int? = nil,
                wallTime: Double = Date().timeIntervalSince1970) throws {
        let existing = savedStep == nil ? nil : Self.paths(in: folder).last
        path = existing ?? "\(folder)/events.out.tfevents.\(Int(wallTime)).\(Self.hostName)"
        let firstEvent = TFRecord.framed(Event(wallTime: wallTime, step: 0, fileVersion: Event.currentFileVersion).encoded)
        var replacement: [UInt8]? = existing == nil ? firstEvent : nil
        if let existing, let savedStep, let bytes = FileManager.default.contents(atPath: existing).map(Array.init) {
            var kept = Self.records(of: bytes, throughStep: savedStep)
            if kept.isEmpty { kept = firstEvent }  // nothing whole in it: begun again
            if kept != bytes { replacement = kept }
        }
        if let replacement { try AtomicFile.write(replacement, to: path) }
        descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RunFolderError("\(path): cannot open the event file for writing (\(String(cString: strerror(errno)))); check that the run folder is writable")
        }
    }

    deinit { close(descriptor) }

    /// Appends one event holding `scalars` at `step`. Values are stored as Float, as
    /// TensorBoard's `simple_value` is.
    public func write(step: Int, scalars: [(tag: String, value: Double)], wallTime: Double = Date().timeIntervalSince1970) {
        guard failure == nil, !scalars.isEmpty else { return }
        let event = Event(wallTime: wallTime, step: step, scalars: scalars.map { Event.Scalar(tag: $0.tag, value: Float($0.value)) })
        let record = TFRecord.framed(event.encoded)
        let code = record.withUnsafeBytes { writeFully(descriptor, $0) }
        if code != 0 { failure = FileWriteError(path: path, step: "append an event", code: code) }
    }

    /// The whole records of `bytes` whose events are at `savedStep` or before, as bytes.
    public static func records(of bytes: [UInt8], throughStep savedStep: Int) -> [UInt8] {
        TFRecord.records(in: bytes).records.reduce(into: []) { kept, record in
            if let event = try? Event(decoding: record[...]), event.step <= savedStep { kept += TFRecord.framed(record) }
        }
    }

    /// The event files in `folder`, oldest first (their names start with the time they were
    /// made). An atomic write's temporary file starts with a dot, so it is not one of them.
    public static func paths(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("events.out.tfevents.") }
            .sorted { (Self.creationTime(of: $0), $0) < (Self.creationTime(of: $1), $1) }
            .map { folder + "/" + $0 }
    }

    /// Every event in the file at `path`; throws, naming the file and the byte, at a record
    /// that is damaged or cut short, or an event that does not decode.
    public static func events(at path: String) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunFolderError("\(path): cannot read the event file; check that it exists and is readable")
        }
        return try events(decoding: Array(data), path: path)
    }

    /// The events of an event file's bytes, as `events(at:)` reads them.
    public static func events(decoding data: [UInt8], path: String) throws -> [Event] {
        let read = TFRecord.records(in: data)
        if let error = read.error { throw RunFolderError("\(path): not a whole event file: \(error)") }
        return try read.records.enumerated().map { index, record in
            do {
                return try Event(decoding: record[...])
            } catch {
                throw RunFolderError("\(path): record \(index + 1) is not an event: \(error)")
            }
        }
    }

    private static func creationTime(of name: String) -> Int {
        Int(name.dropFirst("events.out.tfevents.".count).prefix { $0.isNumber }) ?? 0
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
