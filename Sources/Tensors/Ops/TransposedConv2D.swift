// Transposed 2-D convolution ("deconvolution", the upsampling layer of decoders and DCGAN's
// generator): conv2d's data gradient used as a forward pass, and its backward.

extension Tensor {
    /// Transposed 2-D convolution with PyTorch's `conv_transpose2d` semantics and layouts: the
    /// adjoint of `conv2d` with the same filter, stride and padding, so that
    /// ⟨conv2d(x, w), y⟩ = ⟨transposedConv2d(y, w), x⟩.
    ///
    /// input is (N, C_in, H, W), filter (C_in, C_out, KH, KW), bias (C_out); the result is
    /// (N, C_out, OH, OW) with OH = (H − 1)·stride − 2·padding + KH + outputPadding, likewise OW.
    /// `outputPadding` (less than stride) picks among the output sizes that a stride-s conv2d
    /// maps to the same H; the extra rows and columns receive only the bias.
    ///
    /// Every input pixel scatters filter[c_in] scaled by its value into the output; for the
    /// whole batch that is one GEMM and a col2im (Dumoulin & Visin 2016, "A guide to
    /// convolution arithmetic for deep learning", section 4):
    ///   X    (C_in, N·H·W)           the input with batch and channel axes swapped
    ///   cols (C_out·KH·KW, N·H·W)   = filterᵀ · X
    ///   out                          = col2im(cols) + bias
    /// Backward, with colsG = im2col(upstream gradient) (C_out·KH·KW, N·H·W):
    ///   d input  = filter · colsG, axes swapped back to NCHW   (a conv2d of the gradient)
    ///   d filter = X · colsGᵀ
    ///   d bias   = the upstream gradient summed per channel.
    public static func transposedConv2d(_ input: Tensor, filter: Tensor, bias: Tensor? = nil,
                                        stride: Int = 1, padding: Int = 0, outputPadding: Int = 0) -> Tensor {
        precondition(input.rank == 4, "transposedConv2d input must be (N, C, H, W), got shape \(input.shape)")
        precondition(filter.rank == 4, "transposedConv2d filter must be (inChannels, outChannels, KH, KW) as in PyTorch's ConvTranspose2d, got shape \(filter.shape)")
        precondition(filter.shape[0] == input.shape[1],
                     "transposedConv2d filter \(filter.shape) expects \(filter.shape[0]) input channels (its first axis), the input \(input.shape) has \(input.shape[1])")
        precondition(stride >= 1, "transposedConv2d stride must be at least 1, got \(stride)")
        precondition(padding >= 0, "transposedConv2d padding must not be negative, got \(padding)")
        precondition(outputPadding >= 0 && outputPadding < stride,
                     "transposedConv2d outputPadding must be in 0..<stride (\(stride)), got \(outputPadding)")
        if let bias {
            precondition(bias.shape == [filter.shape[1]], "transposedConv2d bias must have shape [\(filter.shape[1])] (one per output channel), got \(bias.shape)")
        }
        let (n, inChannels, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (outChannels, kh, kw) = (filter.shape[1], filter.shape[2], filter.shape[3])
        let outHeight = (h - 1) * stride - 2 * padding + kh + outputPadding
        let outWidth = (w - 1) * stride - 2 * padding + kw + outputPadding
        precondition(outHeight >= 1 && outWidth >= 1,
                     "transposedConv2d output would be \(outHeight)×\(outWidth) for input \(input.shape), filter \(filter.shape), stride \(stride), padding \(padding); use less padding")
        // The conv2d this op is the adjoint of: it maps an (OH, OW) image back to (H, W).
        let g = ConvolutionGeometry(channels: outChannels, height: outHeight, width: outWidth,
                                    kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
        assert(g.outputHeight == h && g.outputWidth == w)
        let (k, columns) = (g.patchSize, n * h * w)

        // X (C_in, N·H·W)
        let inputMatrix = channelMajor(input)
        // cols (C_out·KH·KW, N·H·W) = filterᵀ (C_out·KH·KW, C_in) · X (C_in, N·H·W)
        var cols = Tensor(uninitializedShape: [k, columns])
        filter.withUnsafeBufferPointer { wp in
            inputMatrix.withUnsafeBufferPointer { xp in
                cols.withUnsafeMutableBufferPointer { c in
                    sgemm(transposeA: true, transposeB: false, m: k, n: columns, k: inChannels,
                          a: wp.baseAddress!, lda: k, b: xp.baseAddress!, ldb: columns,
                          c: c.baseAddress!, ldc: columns)
                }
            }
        }
        var result = Tensor(uninitializedShape: [n, outChannels, outHeight, outWidth])
        cols.withUnsafeBufferPointer { c in
            result.withUnsafeMutableBufferPointer { out in
                if let bias {
                    bias.withUnsafeBufferPointer { b in col2im(c.baseAddress!, batch: n, out.baseAddress!, g, bias: b.baseAddress!) }
                } else {
                    col2im(c.baseAddress!, batch: n, out.baseAddress!, g)
                }
            }
        }

        let savedInputMatrix = needsRecording(filter) ? inputMatrix : nil
        let savedFilter = needsRecording(input) ? filter.detached() : Tensor(zeros: [0])
        let inputShape = input.shape, filterShape = filter.shape
        // colsG (C_out·KH·KW, N·H·W)
        let gradientCols = SharedPullbackWork { gradient in
            var gradCols = Tensor(uninitializedShape: [k, columns])
            gradient.withUnsafeBufferPointer { gp in
                gradCols.withUnsafeMutableBufferPointer { im2col(gp.baseAddress!, batch: n, $0.baseAddress!, g) }
            }
            return gradCols
        }
        var inputs: [(Tensor, (Tensor) -> Tensor)] = [
            (input, { gradient in
                // d X (C_in, N·H·W) = filter (C_in, C_out·KH·KW) · colsG (C_out·KH·KW, N·H·W)
                let gCols = gradientCols(gradient)
                var gradMatrix = Tensor(uninitializedShape: [inChannels, columns])
                savedFilter.withUnsafeBufferPointer { wp in
                    gCols.withUnsafeBufferPointer { gc in
                        gradMatrix.withUnsafeMutableBufferPointer { dx in
                            sgemm(transposeA: false, transposeB: false, m: inChannels, n: columns, k: k,
                                  a: wp.baseAddress!, lda: k, b: gc.baseAddress!, ldb: columns,
                                  c: dx.baseAddress!, ldc: columns)
                        }
                    }
                }
                if n == 1 { return gradMatrix.reshapedStorage(inputShape) }
                var gradInput = Tensor(uninitializedShape: inputShape)
                gradMatrix.withUnsafeBufferPointer { dx in
                    gradInput.withUnsafeMutableBufferPointer {
                        swapOuterAxes(dx.baseAddress!, $0.baseAddress!, outer: inChannels, middle: n, inner: h * w)
                    }
                }
                return gradInput
            }),
            (filter, { gradient in
                // d filter (C_in, C_out·KH·KW) = X (C_in, N·H·W) · colsGᵀ (N·H·W, C_out·KH·KW)
                let gCols = gradientCols(gradient)
                var gradFilter = Tensor(uninitializedShape: filterShape)
                savedInputMatrix!.withUnsafeBufferPointer { xp in
                    gCols.withUnsafeBufferPointer { gc in
                        gradFilter.withUnsafeMutableBufferPointer { dw in
                            sgemm(transposeA: false, transposeB: true, m: inChannels, n: k, k: columns,
                                  a: xp.baseAddress!, lda: columns, b: gc.baseAddress!, ldb: columns,
                                  c: dw.baseAddress!, ldc: k)
                        }
                    }
                }
                return gradFilter
            }),
        ]
        if let bias { inputs.append((bias, channelBiasGradient)) }
        return recording(result, inputs)
    }
}
