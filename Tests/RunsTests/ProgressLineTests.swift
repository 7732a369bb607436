import Runs
import Testing

@Suite struct ProgressLineTests {
    @Test func aLineBeforeAnyGameOrEvaluation() {
        let line = ProgressLine.text(step: 500, totalSteps: 10_000, stepsDone: 500, seconds: 2, meanReturn: nil, games: 0,
                                     metrics: ["epsilon": 0.9], nextEvaluation: 1000)
        #expect(line == "step 500/10,000 (5%)  250 steps/s  no game ended yet  no eval yet, next in 2s  ε 0.9  left 38s")
    }

    /// The score is the mean of the last 100 games of however many ended; the next evaluation
    /// is due in (2,000,000 − 1,250,000) / 500 s.
    @Test func aLineWithGamesAndAnEvaluation() {
        let line = ProgressLine.text(step: 1_250_000, totalSteps: 10_000_000, stepsDone: 250_000, seconds: 500, meanReturn: 12.345,
                                     games: 640, metrics: ["loss": 0.0123, "q_mean": 4],
                                     lastEvaluation: ProgressLine.Evaluation(meanReturn: 30.5, step: 1_000_000), nextEvaluation: 2_000_000)
        #expect(line == "step 1,250,000/10,000,000 (12%)  500 steps/s  score 12.35 (last 100 of 640 games)  "
                + "eval 30.50 at 1,000,000, next in 25m00s  loss 0.0123  left 4h51m")
    }

    /// After the last evaluation of the run there is no next one; a resumed run's rate counts
    /// only the steps this process trained.
    @Test func theLastEvaluationHasNoNext() {
        let line = ProgressLine.text(step: 10_000, totalSteps: 10_000, stepsDone: 4000, seconds: 4, meanReturn: -20.5, games: 7,
                                     metrics: ["entropy": 1.7], lastEvaluation: ProgressLine.Evaluation(meanReturn: -19, step: 10_000),
                                     nextEvaluation: 12_000)
        #expect(line == "step 10,000/10,000 (100%)  1000 steps/s  score -20.50 (last 7 of 7 games)  eval -19.00 at 10,000  entropy 1.7  left 0s")
    }

    @Test func numbersAndDurations() {
        #expect(ProgressLine.grouped(0) == "0" && ProgressLine.grouped(999) == "999" && ProgressLine.grouped(1000) == "1,000")
        #expect(ProgressLine.grouped(-1_234_567) == "-1,234,567")
        #expect(ProgressLine.duration(59.4) == "59s" && ProgressLine.duration(61) == "1m01s" && ProgressLine.duration(3725) == "1h02m")
        #expect(ProgressLine.duration(.infinity) == "?")
    }
}
