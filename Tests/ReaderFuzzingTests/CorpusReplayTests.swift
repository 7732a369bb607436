import Foundation
import ReaderFuzzing
import Testing

/// The fuzz targets' committed inputs, read as the fuzzers read them: every seed of
/// Fuzz/Corpus/<target> is a valid file its reader accepts, and every input under
/// Fuzz/Regressions/<target> (each once made a reader trap, hang or over-allocate) now gives a
/// value or a one-line error. A reader that traps ends this test process, which fails the run.
@Suite struct CorpusReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { (name, [UInt8]($0)) }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAreValidFiles(_ target: FuzzTarget) {
        let seeds = Self.inputs("Corpus", target)
        #expect(!seeds.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no seeds")
        for seed in seeds {
            if case let .failure(error) = target.read(seed.bytes) {
                Issue.record("Fuzz/Corpus/\(target.rawValue)/\(seed.name) is refused: \(error.message)")
            }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsKeepTheContract(_ target: FuzzTarget) {
        for input in Self.inputs("Regressions", target) {
            target.check(input.bytes)
        }
    }

    /// The contract's check can fail: a truncated seed is an error of one line, not a value.
    @Test func aTruncatedFileIsAOneLineError() {
        for target in [FuzzTarget.safetensors, .replay, .idx, .gzip, .cifar10] {
            guard let seed = Self.inputs("Corpus", target).first else { continue }
            guard case let .failure(error) = target.read(Array(seed.bytes.dropLast(3))) else {
                Issue.record("\(target.rawValue): a seed cut by 3 bytes was read as a value")
                continue
            }
            #expect(!error.message.isEmpty && !error.message.contains(where: \.isNewline), "\(error.message)")
        }
    }
}
