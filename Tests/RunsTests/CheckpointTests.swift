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

    /// A run folder that cannot be made is refused in one line naming the part of the path at
    /// fault and the system's reason: beneath a file, or where a file already stands.
    @Test func aFolderThatCannotBeMadeIsAOneLineError() throws {
        let file = temporaryDirectory() + "/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        for (path, reason) in [(file + "/run", "\(file)/run: Not a directory"), (file, "\(file): a file, not a folder")] {
            do {
                _ = try RunFolder.create(at: path)
                Issue.record("\(path) was taken for a run folder")
            } catch {
                #expect(error.description.contains(reason) && !error.description.contains("\n"), "\(error)")
            }
        }
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
            let resumed = try ProgressCSV(path: path, metricNames: ["loss", "epsilon", "eval_return"], resumingAfterStep: 20)
            #expect(resumed.metricNames == ["loss", "epsilon"])
            resumed.episode(step: 30, seconds: 2, index: 2, episodeReturn: -1.5, length: 20)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "step,seconds,episode,return,length,loss,epsilon\n10,0.5,1,21,10,,\n20,1,,,,0.25,\n30,2,2,-1.5,20,,\n")
    }

    @Test func historyReadsEpisodesAndEvaluationsBackAndSkipsACutLastRow() throws {
        let path = temporaryDirectory() + "/progress.csv"
        do {
            let csv = try ProgressCSV(path: path, metricNames: ["loss", "eval_return"])
            csv.episode(step: 10, seconds: 0.5, index: 1, episodeReturn: -21, length: 10)
            csv.metrics(step: 20, seconds: 1, values: ["loss": 0.25])
            csv.metrics(step: 20, seconds: 1, values: ["eval_return": -3.5])
            csv.episode(step: 30, seconds: 2, index: 2, episodeReturn: 4, length: 20)
            csv.metrics(step: 40, seconds: 3, values: ["eval_return": -7])
        }
        // A kill in the middle of a row leaves it cut short, here inside its last cell (9.5),
        // so that it has every column and reads as a number.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("50,4,,,,,9".utf8))
        try handle.close()
        let history = ProgressHistory(contentsOf: path)
        #expect(history.episodes.map(\.step) == [10, 30] && history.episodes.map(\.episodeReturn) == [-21, 4])
        #expect(history.episodeSeconds == [0.5, 2])
        #expect(history.evaluations.map(\.step) == [20, 40] && history.evaluations.map(\.meanReturn) == [-3.5, -7])
        #expect(history.bestEvaluation == -3.5)
        #expect(ProgressHistory(contentsOf: path + "-missing").episodes.isEmpty)

        // Resuming cuts the fragment off before appending, instead of joining it to the next row.
        do {
            let resumed = try ProgressCSV(path: path, metricNames: ["loss", "eval_return"], resumingAfterStep: 40)
            resumed.episode(step: 60, seconds: 5, index: 3, episodeReturn: 2, length: 30)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n40,3,,,,,-7\n60,5,3,2,30,,\n"))
        #expect(ProgressHistory(contentsOf: path).episodes.map(\.step) == [10, 30, 60])
        #expect(ProgressHistory(contentsOf: path).seconds == 5)
    }

    /// A run killed after its last save wrote rows for steps it trains again once resumed:
    /// they are cut, so that no step appears twice and the episodes count on from the save.
    @Test func resumingCutsTheRowsWrittenAfterTheLastSave() throws {
        let path = temporaryDirectory() + "/progress.csv"
        do {
            let csv = try ProgressCSV(path: path, metricNames: ["loss"])
            csv.episode(step: 10, seconds: 0.5, index: 1, episodeReturn: -21, length: 10)
            csv.metrics(step: 20, seconds: 1, values: ["loss": 0.25])
            csv.episode(step: 30, seconds: 2, index: 2, episodeReturn: 4, length: 20)
            csv.metrics(step: 40, seconds: 3, values: ["loss": 0.5])
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("50,4,3,".utf8))
        try handle.close()
        do {
            let resumed = try ProgressCSV(path: path, metricNames: ["loss"], resumingAfterStep: 25)
            #expect(ProgressHistory(contentsOf: path).episodes.map(\.step) == [10])
            resumed.episode(step: 30, seconds: 2.5, index: 2, episodeReturn: 7, length: 20)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "step,seconds,episode,return,length,loss\n10,0.5,1,-21,10,\n20,1,,,,0.25\n30,2.5,2,7,20,\n")
    }

    /// The running mean of the last games against a threshold, as `rlrun curve --crossing` prints it.
    @Test func firstCrossingOfTheRunningMean() {
        var history = ProgressHistory()
        let returns: [Double] = [-21, -20, -15, -5, 3, 10, 19, 21, 21]
        history.episodes = returns.enumerated().map { (100 * ($0.offset + 1), $0.element) }
        history.episodeSeconds = returns.indices.map { 60 * Double($0 + 1) }
        // Means of 3, from the third game on: −18.7, −13.3, −5.7, 2.7, 10.7, 16.7, 20.3.
        #expect(history.firstCrossing(of: 0, window: 3)! == (600, 360))
        #expect(history.firstCrossing(of: 16, window: 3)! == (800, 480))
        #expect(history.firstCrossing(of: 18, window: 3)! == (900, 540))
        #expect(history.firstCrossing(of: 21, window: 3) == nil)
        #expect(history.firstCrossing(of: -30, window: 20) == nil, "fewer games than the window")
    }

    @Test func aFileWithoutProgressColumnsIsAnEmptyHistory() throws {
        let path = temporaryDirectory() + "/progress.csv"
        for text in ["step\n10\n", "", "step,seconds,episode,return,length\n1,2\n,,,,\n", "\u{FF}\n"] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let history = ProgressHistory(contentsOf: path)
            #expect(history.episodes.isEmpty && history.evaluations.isEmpty, "\(text.debugDescription)")
        }
    }

    /// Tens of thousands of episodes draw at most 2,000 dots and line points, the first and
    /// last among them, with the mean over all of them.
    @Test func aLongRunDrawsAnEvenShareOfItsEpisodes() throws {
        let points = (0..<50_000).map { (step: $0 * 10, episodeReturn: Double($0 % 7)) }
        let svg = LearningCurve.svg(title: "a3c on Breakout", points: points)
        let dots = svg.components(separatedBy: "<circle").count - 1
        #expect(dots > 1_000 && dots <= 2_000)
        let line = try #require(svg.split(separator: "\n").first { $0.contains("stroke=\"#1f4e79\"") })
        let vertices = line.components(separatedBy: " L").count
        #expect(vertices > 1_000 && vertices <= 2_001)
        // The last vertex is the last episode's, at the right edge of the plot.
        #expect(line.contains(" L704.0,"))
    }

    @Test func theCurveMarksEachEvaluation() {
        let points = (0..<10).map { (step: $0 * 100, episodeReturn: Double($0)) }
        let svg = LearningCurve.svg(title: "a3c on Pong", points: points, evaluations: [(500, 20), (1000, 30)])
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 2)
        #expect(svg.contains("greedy evaluations"))
        // The evaluations share the axes: 30, above every episode, is the top tick.
        #expect(svg.contains(">30</text>"))
        #expect(!LearningCurve.svg(title: "no evaluations", points: points).contains("greedy evaluations"))
        // Evaluated every step of a long run: at most 2,000 marks, the last among them.
        let often = (1...50_000).map { (step: $0, meanReturn: Double($0 % 5)) }
        let thinned = LearningCurve.svg(title: "often", points: [], evaluations: often)
        let marks = thinned.components(separatedBy: "<rect x=").count - 1
        #expect(marks > 1_000 && marks <= 2_001)
        #expect(thinned.contains("<rect x=\"701.0\""))  // x of step 50,000, the plot's right edge, less 3
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
