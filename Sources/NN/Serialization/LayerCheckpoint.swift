import Tensors

/// Saving a network's parameters and buffers as a .safetensors state dict, and loading them back.
///
/// Tensor names are the `namedParameters` paths ("0.weight", "0.bias", …), as in a PyTorch
/// state dict, so `safetensors.torch.load_file` gives a dict that `load_state_dict` accepts
/// for a PyTorch network of the same structure.
public enum CheckpointFormat {
    /// The metadata key holding the version of rlrun's layout of names and metadata.
    public static let versionKey = "rlrun.format"
    /// The version this build writes and the newest it reads.
    public static let version = 1

    /// A file written by a newer (or unknown) layout than this build reads.
    public struct UnsupportedVersion: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let found: String
        public var description: String {
            "\(path): saved in rlrun format '\(found)', but this build reads format \(CheckpointFormat.version) "
                + "(load it with the rlrun version that wrote it)"
        }
    }
}

extension Layer {
    /// Writes every parameter and buffer to `path` (atomically, see `AtomicFile`), with `metadata` and
    /// the format version in "__metadata__". Callers put their own facts in `metadata`:
    /// agent, env id, config, step counters. `CheckpointFormat.versionKey` is set here.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        var metadata = metadata
        metadata[CheckpointFormat.versionKey] = String(CheckpointFormat.version)
        let tensors = namedParameters.map { (name: $0.name, tensor: $0.parameter.value.detached()) }
            + namedBuffers.map { (name: $0.name, tensor: $0.buffer.value) }
        try SafetensorsFile(tensors: tensors, metadata: metadata).write(to: path)
    }

    /// Reads the parameters and buffers saved at `path` into this network and returns the file's
    /// metadata. Every parameter must be in the file with the same shape, and the file must
    /// hold nothing else; all of that is checked before any parameter is written, so a failed
    /// load leaves the network as it was. A file without a format version (one written by
    /// PyTorch, say) is accepted. Throws `SafetensorsError` for a bad file,
    /// `CheckpointFormat.UnsupportedVersion` for a newer layout and `ParameterMismatch` for a
    /// file of another network.
    @discardableResult
    public func load(from path: String) throws -> [String: String] {
        try load(from: try SafetensorsFile(contentsOf: path), path: path)
    }

    /// `load(from:)` for a file already read (`path` names it in errors): a caller that read
    /// the metadata first to decide what network to build need not read the file again.
    @discardableResult
    public func load(from file: SafetensorsFile, path: String) throws -> [String: String] {
        if let written = file.metadata[CheckpointFormat.versionKey], written != String(CheckpointFormat.version) {
            throw CheckpointFormat.UnsupportedVersion(path: path, found: written)
        }
        let parameters = namedParameters, buffers = namedBuffers
        let values: [Tensor]
        do {
            values = try matchByName(expected: parameters.map { ($0.name, $0.parameter.shape) } + buffers.map { ($0.name, $0.buffer.shape) },
                                     found: file.tensors.map { ($0.name, $0.tensor) }, shape: \.shape)
        } catch {
            throw ParameterMismatch("\(path): " + error.message(item: "parameter", expectedIn: "the network", foundIn: "the file")
                                    + " (it was saved from a network of another structure or size)")
        }
        for ((_, parameter), value) in zip(parameters, values) { parameter.assign(value) }
        for ((_, buffer), value) in zip(buffers, values.dropFirst(parameters.count)) { buffer.value = value }
        return file.metadata
    }
}
