import Foundation
import Testing
import Display
import Games
import Gym

/// `make test` runs the tests under xvfb-run and sets RLRUN_REQUIRE_DISPLAY, so there the
/// window test cannot quietly be skipped; a plain `swift test` without a display skips it.
private let hasDisplay = !(ProcessInfo.processInfo.environment["DISPLAY"] ?? "").isEmpty
private let displayRequired = ProcessInfo.processInfo.environment["RLRUN_REQUIRE_DISPLAY"] == "1"

/// Serialized: SDL's video functions must not run on two threads at once.
@Suite(.serialized) struct WindowTests {
    @Test func noDisplayIsAClearErrorNotACrash() {
        #expect(throws: DisplayError.noDisplay) {
            try Window(title: "test", width: 160, height: 210, environment: ["HOME": "/root"])
        }
        #expect(DisplayError.noDisplay.description.contains("xvfb-run"))
    }

    @Test func makeTestProvidesADisplay() {
        #expect(hasDisplay || !displayRequired, "RLRUN_REQUIRE_DISPLAY=1 but DISPLAY is not set: run the tests under xvfb-run")
    }

    /// The real window, under Xvfb: what it shows, read back from its surface, is the
    /// environment's rgb_array frame scaled up 3× with each pixel a 3×3 square.
    @Test(.enabled(if: hasDisplay), arguments: environments.ids)
    func windowShowsTheRGBArrayFrame(id: String) throws {
        let env = try environments.make(id, renderMode: .rgbArray)
        try env.reset(seed: 3)
        for t in 0..<20 where try !env.step(t % env.actionSpace.n).isEpisodeOver {}
        let frame = try #require(env.render())
        let window = try Window(title: "rlrun test: \(id)", width: frame.width, height: frame.height, scale: 3)
        defer { window.close() }
        window.show(frame, framesPerSecond: 1000)
        let shown = try #require(window.readPixels())
        #expect(shown.width == frame.width * 3 && shown.height == frame.height * 3)
        var mismatches = 0
        for y in 0..<shown.height {
            for x in 0..<shown.width where shown[x, y] != frame[x / 3, y / 3] { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) window pixels differ from the rgb_array frame")
    }

    /// Render mode human goes through the same window and keeps the observation untouched.
    @Test(.enabled(if: hasDisplay)) func humanRenderModeShowsEveryStep() throws {
        let window = try Window(title: "rlrun test: human", width: 600, height: 400, scale: 1)
        defer { window.close() }
        let env = try environments.make("CartPole-v1", renderMode: .human, viewer: window)
        #expect(env.renderMode == .human)
        try env.reset(seed: 1)
        _ = try env.step(0)
        let frame = try #require(env.render())
        #expect(window.readPixels() == frame)
    }
}
