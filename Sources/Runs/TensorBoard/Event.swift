/// One record of an event file: TensorFlow's `Event` message (tensorflow/core/util/event.proto)
/// with the fields TensorBoard's scalar dashboard reads. `wall_time` (1, double, Unix seconds),
/// `step` (2, int64), `file_version` (3, string: the file's first event says "brain.Event:2"),
/// `summary` (5): a `Summary` (tensorflow/core/framework/summary.proto) whose `value`s (1) each
/// have a `tag` (1) and a `simple_value` (2, float).
public struct Event: Equatable, Sendable {
    public struct Scalar: Equatable, Sendable {
        public var tag: String
        public var value: Float

        public init(tag: String, value: Float) { (self.tag, self.value) = (tag, value) }
    }

    public var wallTime: Double
    public var step: Int
    public var fileVersion: String?
    public var scalars: [Scalar]

    public init(wallTime: Double, step: Int, fileVersion: String? = nil, scalars: [Scalar] = []) {
        (self.wallTime, self.step, self.fileVersion, self.scalars) = (wallTime, step, fileVersion, scalars)
    }

    /// The file version TensorBoard expects in a file's first event.
    public static let currentFileVersion = "brain.Event:2"

    public var encoded: [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        // Proto3 leaves out fields at their default, so a step of 0 is not written: the bytes
        // are then those TensorBoard's own writer makes.
        if step != 0 { event.varint(2, UInt64(bitPattern: Int64(step))) }
        if let fileVersion { event.lengthDelimited(3, Array(fileVersion.utf8)) }
        if !scalars.isEmpty {
            var summary = ProtobufWriter()
            for scalar in scalars {
                var value = ProtobufWriter()
                value.lengthDelimited(1, Array(scalar.tag.utf8))
                value.float(2, scalar.value)
                summary.lengthDelimited(1, value.bytes)
            }
            event.lengthDelimited(5, summary.bytes)
        }
        return event.bytes
    }

    /// Reads an encoded event; fields and summary values other than the ones above are skipped
    /// (an image or a histogram some other program wrote).
    public init(decoding bytes: ArraySlice<UInt8>) throws(ProtobufError) {
        self.init(wallTime: 0, step: 0)
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case let (1, .fixed64(bits)): wallTime = Double(bitPattern: bits)
            case let (2, .varint(bits)): step = Int(Int64(bitPattern: bits))
            case let (3, .lengthDelimited(text)): fileVersion = String(decoding: text, as: UTF8.self)
            case let (5, .lengthDelimited(summary)): scalars += try Self.scalars(inSummary: summary)
            case (1...3, _), (5, _): throw ProtobufError("event field \(field) has the wrong wire type")
            default: continue
            }
        }
    }

    private static func scalars(inSummary bytes: ArraySlice<UInt8>) throws(ProtobufError) -> [Scalar] {
        var scalars: [Scalar] = []
        var summary = ProtobufReader(bytes)
        while let (field, value) = try summary.next() {
            guard field == 1, case let .lengthDelimited(valueBytes) = value else { continue }
            var tag: String?, simpleValue: Float?
            var reader = ProtobufReader(valueBytes)
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case let (1, .lengthDelimited(text)): tag = String(decoding: text, as: UTF8.self)
                case let (2, .fixed32(bits)): simpleValue = Float(bitPattern: bits)
                default: continue
                }
            }
            if let tag, let simpleValue { scalars.append(Scalar(tag: tag, value: simpleValue)) }
        }
        return scalars
    }
}
