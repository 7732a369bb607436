import Foundation
import Testing
import Runs
import NN
import Tensors

private func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "rlrun-runs-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct CheckpointTests {
    private func sample() -> Checkpoint {
        Checkpoint(agent: "dqn", environment: "CartPole-v1", counters: ["steps": 1234, "updates": 56],
                   configuration: "agent = \"dqn\"\n", tensors: ["online.0.weight": Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
                                                                "optimizer.step": Tensor(shape: [1], scalars: [7])])
    }

    @Test func roundTripKeepsTensorsCountersAndConfiguration() throws {
        let path = temporaryDirectory() + "/latest.safetensors"
        try sample().write(to: path)
        let read = try Checkpoint.read(from: path)
        #expect(read.agent == "dqn" && read.environment == "CartPole-v1")
        #expect(read.counters == ["steps": 1234, "updates": 56])
        #expect(read.configuration == "agent = \"dqn\"\n")
        #expect(read.tensors["online.0.weight"]?.scalars == [1, 2, 3, 4, 5, 6])
        #expect(read.tensors["online.0.weight"]?.shape == [2, 3])
        try read.check(agent: "dqn", environment: "CartPole-v1", path: path)
        #expect(throws: CheckpointError("\(path): made by dqn on CartPole-v1, not a3c on Pong")) {
            try read.check(agent: "a3c", environment: "Pong", path: path)
        }
    }

    @Test func missingCorruptAndForeignFilesAreOneLineErrors() throws {
        let directory = temporaryDirectory()
        #expect(throws: CheckpointError.self) { try Checkpoint.read(from: directory + "/none.safetensors") }
        let corrupt = directory + "/corrupt.safetensors"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: corrupt))
        #expect(throws: CheckpointError.self) { try Checkpoint.read(from: corrupt) }
        // A valid safetensors file that is not a checkpoint (a saved network, say).
        let foreign = directory + "/network.safetensors"
        try SafetensorsFile(tensors: [(name: "w", tensor: Tensor(shape: [1], scalars: [1]))]).write(to: foreign)
        do {
            _ = try Checkpoint.read(from: foreign)
            Issue.record("a plain safetensors file was read as a checkpoint")
        } catch {
            #expect(error.description.contains("not an rlrun checkpoint") && !error.description.contains("\n"))
        }
    }
}

@Suite struct RunFolderTests {
    @Test func aFolderWithARunIsNotOverwritten() throws {
        let path = temporaryDirectory() + "/runs/dqn-cartpole"
        let folder = try RunFolder.create(at: path)
        try folder.writeConfiguration("agent = \"dqn\"\n")
        #expect(try RunFolder.existing(at: path).readConfiguration() == "agent = \"dqn\"\n")
        #expect(throws: RunFolderError("\(path) already holds a run; continue it with --resume \(path), or choose another --run-dir")) {
            try RunFolder.create(at: path)
        }
        #expect(throws: RunFolderError.self) { try RunFolder.existing(at: path + "-missing") }
    }

    @Test func defaultNamesCarryAgentEnvironmentAndTime() {
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(RunFolder.defaultPath(agent: "dqn", environment: "Breakout", startedAt: date) == "runs/dqn-breakout-20261118-110640")
    }

    @Test func progressRowsAppendAndResumeKeepsTheHeader() throws {
        let path = temporaryDirectory() + "/progress.csv"
        do {
            let csv = try ProgressCSV(path: path, metricNames: ["loss", "epsilon"])
            csv.episode(step: 10, seconds: 0.5, index: 1, episodeReturn: 21, length: 10)
            csv.metrics(step: 20, seconds: 1, values: ["loss": 0.25])
        }
        do {
            // A resumed run reporting a metric the file has no column for keeps the file's columns.
            let resumed = try ProgressCSV(path: path, metricNames: ["loss", "epsilon", "eval_return"], resuming: true)
            #expect(resumed.metricNames == ["loss", "epsilon"])
            resumed.episode(step: 30, seconds: 2, index: 2, episodeReturn: -1.5, length: 20)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "step,seconds,episode,return,length,loss,epsilon\n10,0.5,1,21,10,,\n20,1,,,,0.25,\n30,2,2,-1.5,20,,\n")
    }

    @Test func theCurveIsAnSVGWithALineForTheMean() throws {
        let points = (0..<300).map { (step: $0 * 100, episodeReturn: Double($0 % 50)) }
        let svg = LearningCurve.svg(title: "dqn on CartPole-v1 <seed 1>", points: points)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("&lt;seed 1&gt;"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 300)
        #expect(svg.contains("stroke=\"#1f4e79\""))
        #expect(!LearningCurve.svg(title: "empty", points: []).contains("#1f4e79"))
    }
}
