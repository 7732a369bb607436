import Foundation
import Runs
import Testing

/// The TensorBoard event files: CRC-32C, the TFRecord framing, the Event protobuf, and how a
/// resumed run appends. The reference bytes come from TensorBoard 2.21's own Python writer
/// (`tensorboard.summary.writer.record_writer.RecordWriter` over `event_pb2.Event`).
@Suite struct TensorBoardTests {
    private func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "rlrun-events-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    /// Two events as TensorBoard writes them: scalars at step 123456, then a file-version event at step 0.
    private var tensorBoardRecords: [UInt8] {
        bytes(hex: "410000000000000000a9c2ab09000050fd36c5da4110c0c4072a320a1d0a166368617274732f657069736f6469635f72657475726e"
              + "150000ac410a110a0a747261696e2f6c6f737315000000be78a5e9041800000000000000a37f4b2209000040fd36c5da411a0d6272"
              + "61696e2e4576656e743a323a1572fa")
    }

    private let scalarsEvent = Event(wallTime: 1_796_529_141.25, step: 123_456, scalars: [
        Event.Scalar(tag: "charts/episodic_return", value: 21.5), Event.Scalar(tag: "train/loss", value: -0.125)])
    private let versionEvent = Event(wallTime: 1_796_529_141, step: 0, fileVersion: "brain.Event:2")

    /// RFC 3720 B.4's check values, and the mask TensorFlow puts on stored CRCs.
    @Test func crc32cMatchesItsCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        let crc = CRC32C.checksum(Array("123456789".utf8))
        #expect(CRC32C.masked(Array("123456789".utf8)) == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }

    @Test func eventsAreFramedByteForByteAsTensorBoardWritesThem() {
        #expect(TFRecord.framed(scalarsEvent.encoded) + TFRecord.framed(versionEvent.encoded) == tensorBoardRecords)
    }

    @Test func tensorBoardsRecordsReadBackWithTheirChecksums() throws {
        let read = TFRecord.records(in: tensorBoardRecords)
        #expect(read.error == nil && read.wholeBytes == tensorBoardRecords.count)
        try #require(read.records.count == 2)
        #expect(try Event(decoding: read.records[0][...]) == scalarsEvent)
        #expect(try Event(decoding: read.records[1][...]) == versionEvent)
    }

    /// Each kind of damage stops reading at the record it hit, with what was whole before it.
    @Test func damagedAndCutRecordsAreFoundByTheirChecksums() {
        let records = tensorBoardRecords
        let first = 12 + Int(records[0]) + 4
        var data = records
        data[first + 20] ^= 0x01  // a bit of the second record's data
        #expect(TFRecord.records(in: data).records.count == 1)
        #expect(TFRecord.records(in: data).error == .dataChecksum(at: first))
        data = records
        data[first + 2] ^= 0x80  // its length
        #expect(TFRecord.records(in: data).error == .lengthChecksum(at: first))
        data = records
        data[first + 9] ^= 0x10  // the length's checksum
        #expect(TFRecord.records(in: data).error == .lengthChecksum(at: first))
        data = records
        data[records.count - 1] ^= 0x01  // the data's checksum
        #expect(TFRecord.records(in: data).error == .dataChecksum(at: first))
        for cut in [first + 1, first + 11, first + 12, records.count - 1] {
            let read = TFRecord.records(in: Array(records[..<cut]))
            #expect(read.records.count == 1 && read.wholeBytes == first && read.error == .cutShort(at: first), "cut at \(cut)")
        }
        #expect(TFRecord.records(in: []).records.isEmpty && TFRecord.records(in: []).error == nil)
    }

    @Test func anEventFileStartsWithItsVersionAndKeepsEveryScalar() throws {
        let folder = temporaryFolder()
        let file = try EventFile(folder: folder, wallTime: 1000)
        #expect(file.path == EventFile.paths(in: folder).first && file.path.contains("/events.out.tfevents.1000."))
        file.write(step: 10, scalars: [("charts/episodic_return", 3.5), ("charts/episodic_length", 42)], wallTime: 1001)
        file.write(step: 20, scalars: [("train/loss", 0.25)], wallTime: 1002)
        file.write(step: 30, scalars: [], wallTime: 1003)  // nothing to say: no event
        let events = try EventFile.events(at: file.path)
        #expect(events == [
            Event(wallTime: 1000, step: 0, fileVersion: Event.currentFileVersion),
            Event(wallTime: 1001, step: 10, scalars: [Event.Scalar(tag: "charts/episodic_return", value: 3.5),
                                                      Event.Scalar(tag: "charts/episodic_length", value: 42)]),
            Event(wallTime: 1002, step: 20, scalars: [Event.Scalar(tag: "train/loss", value: 0.25)]),
        ])
        #expect(file.failure == nil)
    }

    /// A killed run resumed from its save at step 200: the events after it (trained again) and
    /// the record the kill cut are gone, and the new events follow in the same file.
    @Test func aResumedRunCutsWhatItTrainsAgainAndAppends() throws {
        let folder = temporaryFolder()
        let first = try EventFile(folder: folder, wallTime: 1000)
        for step in stride(from: 100, through: 300, by: 100) { first.write(step: step, scalars: [("charts/SPS", Double(step))]) }
        let path = first.path
        var bytes = Array(FileManager.default.contents(atPath: path)!)
        bytes += Array(TFRecord.framed(Event(wallTime: 1, step: 310, scalars: [Event.Scalar(tag: "x", value: 1)]).encoded).prefix(9))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: RunFolderError.self) { try EventFile.events(at: path) }

        let resumed = try EventFile(folder: folder, resumingAfterStep: 200, wallTime: 5000)
        #expect(resumed.path == path && EventFile.paths(in: folder) == [path])
        resumed.write(step: 250, scalars: [("charts/SPS", 7)])
        let steps = try EventFile.events(at: path).map(\.step)
        #expect(steps == [0, 100, 200, 250])

        // Resuming again with nothing to cut leaves the file as it is and appends.
        let again = try EventFile(folder: folder, resumingAfterStep: 250, wallTime: 6000)
        again.write(step: 260, scalars: [("charts/SPS", 8)])
        #expect(try EventFile.events(at: path).map(\.step) == [0, 100, 200, 250, 260])
    }

    /// Fields a reader does not know (an image summary, an event's `graph_def`) are skipped;
    /// bytes that are not a message are an error, not a trap.
    @Test func unknownFieldsAreSkippedAndNonsenseIsRefused() throws {
        var encoded = scalarsEvent.encoded
        encoded += [0x22, 0x03, 0x61, 0x62, 0x63]  // field 4 (graph_def), 3 bytes
        encoded += [0x38, 0x96, 0x01]  // field 7, a varint
        #expect(try Event(decoding: encoded[...]) == scalarsEvent)
        for nonsense: [UInt8] in [[0x0A], [0x0A, 0x05, 0x01], [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
                                  [0x0B], [0x00], [0x09, 0x01, 0x02], [0x15, 0x00, 0x00, 0x80, 0x3F]] {
            #expect(throws: ProtobufError.self, "\(nonsense)") { try Event(decoding: nonsense[...]) }
        }
    }
}
