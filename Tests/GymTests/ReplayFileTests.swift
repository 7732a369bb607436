import Foundation
import Testing
@testable import Gym
import Randomness

/// A fresh directory under the system's temporary one, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rlrun-recording-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ReplayFiles {
    let sample = EpisodeReplay(environmentID: "ALE/Pong-v5 ✓", seed: 0xDEAD_BEEF_1234_5678, options: ["low": -0.1, "high": 0.25],
                               actions: [0, 1, 1, 1, 5, 17, 200, 0, 0], episodeReturn: -20.75)

    @Test func roundTripThroughAFileKeepsEveryField() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("sample.replay")
        try sample.write(to: url)
        #expect(try EpisodeReplay.read(from: url) == sample)
        #expect(sample.length == 9)
        #expect(sample.statistics == EpisodeStatistics(episodeReturn: -20.75, length: 9))
        // The atomic write leaves no temporary file behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["sample.replay"])
    }

    @Test func writingAgainReplacesTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("again.replay")
        try sample.write(to: url)
        var other = sample
        other.actions = [2, 2]
        try other.write(to: url)
        #expect(try EpisodeReplay.read(from: url) == other)
    }

    @Test func emptyEpisodeAndNoOptionsRoundTrip() throws {
        let empty = EpisodeReplay(environmentID: "", seed: 0, actions: [], episodeReturn: 0)
        #expect(try ReplayCoding.decode(ReplayCoding.encode(empty, path: "x"), path: "x") == empty)
    }

    @Test func repeatedActionsAreStoredAsRuns() throws {
        let actions = Array(repeating: 0, count: 10_000) + Array(repeating: 3, count: 10_000)
        let replay = EpisodeReplay(environmentID: "Pong-v5", seed: 1, actions: actions, episodeReturn: 21)
        let bytes = try ReplayCoding.encode(replay, path: "x")
        #expect(bytes.count < 60)
        #expect(try ReplayCoding.decode(bytes, path: "x") == replay)
    }

    @Test func aFileHoldsAtMostOneBytePerAction() throws {
        var generator = SeededGenerator(seed: 3)
        // Alternating actions make runs useless; the writer falls back to one byte each.
        for actions in [(0..<5_000).map { $0 % 2 }, (0..<5_000).map { _ in generator.nextInt(below: 18) }] {
            let replay = EpisodeReplay(environmentID: "Pong-v5", seed: 1, actions: actions, episodeReturn: -3)
            let bytes = try ReplayCoding.encode(replay, path: "x")
            #expect(bytes.count <= actions.count + 64)
            #expect(try ReplayCoding.decode(bytes, path: "x") == replay)
        }
    }

    @Test func theChecksumIsZlibsCRC32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func aMissingFileIsReported() {
        let url = URL(fileURLWithPath: "/nonexistent-rlrun/episode.replay")
        #expect(throws: ReplayError.missingFile(path: url.path)) { try EpisodeReplay.read(from: url) }
        #expect(ReplayError.missingFile(path: url.path).description.contains("/nonexistent-rlrun/episode.replay"))
    }

    @Test func aDirectoryIsReportedAsUnreadable() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: ReplayError.self) { try EpisodeReplay.read(from: directory) }
        guard case .unreadable(let path, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == directory.path)
    }

    @Test func anotherKindOfFileIsNotAReplay() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("picture.replay")
        try Data("GIF89a and then some more bytes".utf8).write(to: url)
        #expect(throws: ReplayError.notAReplay(path: url.path)) { try EpisodeReplay.read(from: url) }
        #expect(throws: ReplayError.notAReplay(path: "x")) { try ReplayCoding.decode(Array("RL".utf8) + [0], path: "x") }
    }

    @Test func aNewerFormatVersionIsReported() throws {
        var bytes = try ReplayCoding.encode(sample, path: "x")
        bytes[8] = 2
        #expect(throws: ReplayError.unsupportedVersion(path: "x", version: 2, supported: 1)) { try ReplayCoding.decode(bytes, path: "x") }
    }

    @Test func everyTruncationIsReportedAsTruncated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try ReplayCoding.encode(sample, path: "x")
        for count in 0..<bytes.count {
            let error = #expect(throws: ReplayError.self) { try ReplayCoding.decode(Array(bytes.prefix(count)), path: "x") }
            guard case .truncated(_, let size, let expected) = error else { Issue.record("cut at \(count): \(String(describing: error))"); continue }
            #expect(size == count && expected > count)
        }
        let url = directory.appendingPathComponent("cut.replay")
        try Data(bytes.prefix(bytes.count - 5)).write(to: url)
        #expect(throws: ReplayError.truncated(path: url.path, size: bytes.count - 5, expected: bytes.count)) { try EpisodeReplay.read(from: url) }
    }

    @Test func everyDamagedByteAfterTheHeaderIsReportedAsCorrupt() throws {
        let bytes = try ReplayCoding.encode(sample, path: "x")
        for position in ReplayCoding.headerSize..<bytes.count {
            var damaged = bytes
            damaged[position] ^= 0x10
            let error = #expect(throws: ReplayError.self) { try ReplayCoding.decode(damaged, path: "x") }
            guard case .corrupt = error else { Issue.record("byte \(position): \(String(describing: error))"); continue }
        }
        var longer = bytes
        longer.append(0)
        #expect(throws: ReplayError.corrupt(path: "x", problem: "1 unexpected bytes after the end of the replay")) { try ReplayCoding.decode(longer, path: "x") }
    }

    /// A file around `body` with correct sizes and checksum, to reach the field checks.
    private func file(body: [UInt8]) -> [UInt8] {
        var bytes = EpisodeReplay.magic
        ReplayCoding.appendInteger(UInt16(1), to: &bytes)
        ReplayCoding.appendInteger(UInt32(body.count), to: &bytes)
        bytes += body
        ReplayCoding.appendInteger(CRC32.checksum(bytes), to: &bytes)
        return bytes
    }

    /// A body with id "G", seed 0, no options, return 0, then `length` and the action bytes.
    private func body(length: UInt32, coding: UInt8, actions: [UInt8]) -> [UInt8] {
        var body: [UInt8] = [1, 0, UInt8(ascii: "G")] + Array(repeating: 0, count: 8) + [0, 0] + Array(repeating: 0, count: 8)
        ReplayCoding.appendInteger(length, to: &body)
        return body + [coding] + actions
    }

    @Test func fieldsThatDisagreeAreReportedEvenWithAGoodChecksum() throws {
        let good = file(body: body(length: 3, coding: 1, actions: [2, 3]))
        #expect(try ReplayCoding.decode(good, path: "x").actions == [2, 2, 2])
        let cases: [(String, [UInt8])] = [
            ("unknown action coding 7", file(body: body(length: 3, coding: 7, actions: [2, 3]))),
            ("does not fit the length 3", file(body: body(length: 3, coding: 1, actions: [2, 4]))),
            ("a run of 0 actions", file(body: body(length: 3, coding: 1, actions: [2, 0]))),
            ("runs past the end", file(body: body(length: 3, coding: 1, actions: [2, 2]))),
            ("cannot fit in the 2 bytes left", file(body: body(length: 3, coding: 0, actions: [2, 2]))),
            ("1 bytes left over", file(body: body(length: 2, coding: 0, actions: [2, 2, 2]))),
            ("longer than a 64-bit number", file(body: body(length: 1, coding: 0, actions: Array(repeating: 0xFF, count: 11)))),
            ("out of any action space", file(body: body(length: 1, coding: 0, actions: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))),
            ("more than the 67108864", file(body: body(length: UInt32.max, coding: 1, actions: [0, 0x7F]))),
            ("not valid UTF-8", file(body: [1, 0, 0xFF] + body(length: 0, coding: 0, actions: []).dropFirst(3))),
        ]
        for (problem, bytes) in cases {
            let error = #expect(throws: ReplayError.self) { try ReplayCoding.decode(bytes, path: "x") }
            #expect(error?.description.contains(problem) == true, "expected '\(problem)', got \(String(describing: error))")
        }
    }

    @Test func replaysThatCannotBeStoredAreRefused() {
        let negative = EpisodeReplay(environmentID: "G", seed: 0, actions: [1, -1], episodeReturn: 0)
        let error = #expect(throws: ReplayError.self) { try negative.write(to: URL(fileURLWithPath: "/tmp/never.replay")) }
        #expect(error?.description.contains("action -1") == true)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.replay"))
    }

    @Test func writingIntoAMissingDirectoryNamesTheFile() {
        let url = URL(fileURLWithPath: "/nonexistent-rlrun/dir/episode.replay")
        let error = #expect(throws: ReplayError.self) { try sample.write(to: url) }
        guard case .cannotWrite(let path, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == url.path)
        #expect(reason.contains("create the directory first"))
    }
}
