import Testing
import Gym

@Suite struct RGBFrames {
    @Test func pixelsAreRowMajorRGB() {
        // 2 wide, 1 high: red then blue.
        let frame = RGBFrame(width: 2, height: 1, pixels: [255, 0, 0, 0, 0, 255])
        #expect(frame[0, 0] == (255, 0, 0))
        #expect(frame[1, 0] == (0, 0, 255))
    }

    @Test func renderModesHaveGymnasiumsNames() {
        #expect(RenderMode.allCases.map(\.rawValue) == ["none", "rgb_array", "human"])
    }
}
