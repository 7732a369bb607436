import Gym
import Presets
import Runs

/// The environment inside a made preset, or an error when it is of the other kind.
extension MadeEnvironment {
    func pixels() throws -> AnyEnvironment<UInt8> {
        guard case let .pixels(env) = self else { throw PresetError("not a pixel environment") }
        return env
    }

    func vector() throws -> AnyEnvironment<Float> {
        guard case let .vector(env) = self else { throw PresetError("not a vector environment") }
        return env
    }
}
