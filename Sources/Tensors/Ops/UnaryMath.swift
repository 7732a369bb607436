#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Elementwise functions and their derivatives, each next to the other.

extension Tensor {
    public func exp() -> Tensor {
        let y = mapped { expf($0) }
        return Tensor.recording(y, [(self, { $0.zipped(y) { $0 * $1 } })])  // d eˣ = eˣ
    }

    public func log() -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { logf($0) }, [(self, { $0.zipped(x) { $0 / $1 } })])  // d ln x = 1/x
    }

    public func sqrt() -> Tensor {
        let y = mapped { sqrtf($0) }
        return Tensor.recording(y, [(self, { $0.zipped(y) { $0 / (2 * $1) } })])  // d √x = 1/(2√x)
    }

    /// Each element raised to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { powf($0, exponent) }, [
            // x⁰ is constant: 0, not 0·x⁻¹, which is NaN at x = 0.
            (self, { $0.zipped(x) { g, x in exponent == 0 ? 0 : g * exponent * powf(x, exponent - 1) } }),
        ])
    }

    public func abs() -> Tensor {
        let x = detached()
        // The subgradient 0 at 0, as PyTorch uses.
        return Tensor.recording(mapped { Swift.abs($0) }, [
            (self, { $0.zipped(x) { g, x in x > 0 ? g : (x < 0 ? -g : 0) } }),
        ])
    }

    /// Each element limited to [minimum, maximum]; the gradient passes only where it was inside.
    public func clamped(min minimum: Float = -.infinity, max maximum: Float = .infinity) -> Tensor {
        precondition(minimum <= maximum, "clamp needs min <= max, got \(minimum) > \(maximum)")
        let x = detached()
        return Tensor.recording(mapped { Swift.min(Swift.max($0, minimum), maximum) }, [
            (self, { $0.zipped(x) { g, x in (x >= minimum && x <= maximum) ? g : 0 } }),
        ])
    }

    /// Squares: the same as pow(2), with a cheaper kernel.
    public func squared() -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { $0 * $0 }, [(self, { $0.zipped(x) { g, x in 2 * x * g } })])
    }
}

extension Tensor {
    /// max(x, 0) (Nair & Hinton 2010).
    public func relu() -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { $0 > 0 ? $0 : 0 }, [(self, { $0.zipped(x) { g, x in x > 0 ? g : 0 } })])
    }

    /// x for x > 0, αx otherwise (Maas et al. 2013).
    public func leakyRelu(alpha: Float = 0.01) -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { $0 > 0 ? $0 : alpha * $0 }, [
            (self, { $0.zipped(x) { g, x in x > 0 ? g : alpha * g } }),
        ])
    }

    public func tanh() -> Tensor {
        let y = mapped { tanhf($0) }
        return Tensor.recording(y, [(self, { $0.zipped(y) { g, y in g * (1 - y * y) } })])
    }

    /// 1 / (1 + e⁻ˣ), computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        let y = mapped { Tensor.logistic($0) }
        return Tensor.recording(y, [(self, { $0.zipped(y) { g, y in g * y * (1 - y) } })])
    }

    /// ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^-|x|) so that it neither overflows nor
    /// loses precision; its derivative is the logistic sigmoid.
    public func softplus() -> Tensor {
        let x = detached()
        return Tensor.recording(mapped { Swift.max($0, 0) + log1pf(expf(-Swift.abs($0))) }, [
            (self, { $0.zipped(x) { g, x in g * Tensor.logistic(x) } }),
        ])
    }

    @inline(__always)
    static func logistic(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}
