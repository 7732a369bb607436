/// Frames that cannot make a GIF, or a GIF that cannot be written, each as one line that says
/// what to do.
public enum GIFError: Error, Equatable, CustomStringConvertible {
    case noFrames
    /// Frame `index` is not the size of the first frame.
    case frameSizesDiffer(index: Int, width: Int, height: Int, firstWidth: Int, firstHeight: Int)
    /// The downscale factor is below 1 or leaves no pixels.
    case invalidDownscale(factor: Int, width: Int, height: Int)
    /// A GIF's sides are 16-bit numbers.
    case tooLarge(width: Int, height: Int)
    case invalidFramesPerSecond(Double)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .noFrames:
            "a GIF needs at least one frame; record with an environment made in render mode rgb_array"
        case let .frameSizesDiffer(index, width, height, firstWidth, firstHeight):
            "GIF frame \(index) is \(width)×\(height) but the first frame is \(firstWidth)×\(firstHeight); all frames of a GIF must be the same size"
        case let .invalidDownscale(factor, width, height):
            "cannot downscale \(width)×\(height) frames by \(factor); use a factor from 1 to \(min(width, height))"
        case let .tooLarge(width, height):
            "a GIF is at most 65535×65535 pixels, the frames are \(width)×\(height); downscale them"
        case let .invalidFramesPerSecond(rate):
            "a GIF needs a positive, finite frame rate, got \(rate) frames per second"
        case let .cannotWrite(path, reason):
            "\(path): cannot write the GIF: \(reason)"
        }
    }
}
