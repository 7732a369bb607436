// 2-D convolution over NCHW batches as one matrix product (im2col + GEMM), and its backward.

extension Tensor {
    /// 2-D convolution (cross-correlation, as in every deep-learning library) with PyTorch's
    /// `conv2d` semantics and layouts.
    ///
    /// input is (N, C, H, W), filter (O, C, KH, KW), bias (O); the result is (N, O, OH, OW)
    /// with OH = ⌊(H + 2·padding − KH)/stride⌋ + 1, likewise OW, and
    ///   out[n, o, y, x] = bias[o] + Σ_{c,i,j} filter[o, c, i, j] · in[n, c, y·s − p + i, x·s − p + j]
    /// (zero outside the image). Differentiable in all three.
    ///
    /// The whole batch is one GEMM: im2col lays every receptive field of every image side by
    /// side in cols (C·KH·KW, N·OH·OW); filter (O, C·KH·KW) · cols gives (O, N·OH·OW), which is
    /// reordered to NCHW with the bias added in the same pass. Backward, with G the upstream
    /// gradient as (O, N·OH·OW):
    ///   d filter = G · colsᵀ          (cols kept from the forward pass, only if needed)
    ///   d input  = col2im(filterᵀ · G)
    ///   d bias   = G summed over its columns.
    public static func conv2d(_ input: Tensor, filter: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(input.rank == 4, "conv2d input must be (N, C, H, W), got shape \(input.shape)")
        precondition(filter.rank == 4, "conv2d filter must be (outChannels, inChannels, KH, KW), got shape \(filter.shape)")
        precondition(filter.shape[1] == input.shape[1],
                     "conv2d filter \(filter.shape) expects \(filter.shape[1]) input channels, the input \(input.shape) has \(input.shape[1])")
        precondition(stride >= 1, "conv2d stride must be at least 1, got \(stride)")
        precondition(padding >= 0, "conv2d padding must not be negative, got \(padding)")
        if let bias {
            precondition(bias.shape == [filter.shape[0]], "conv2d bias must have shape [\(filter.shape[0])] (one per output channel), got \(bias.shape)")
        }
        let n = input.shape[0], outChannels = filter.shape[0]
        let g = ConvolutionGeometry(channels: input.shape[1], height: input.shape[2], width: input.shape[3],
                                    kernelHeight: filter.shape[2], kernelWidth: filter.shape[3],
                                    stride: stride, padding: padding)
        precondition(g.height + 2 * padding >= g.kernelHeight && g.width + 2 * padding >= g.kernelWidth,
                     "conv2d kernel \(g.kernelHeight)×\(g.kernelWidth) is larger than the padded input \(g.height + 2 * padding)×\(g.width + 2 * padding); pad more or use a smaller kernel")
        let (k, columns) = (g.patchSize, n * g.positions)

        // cols (C·KH·KW, N·OH·OW)
        var cols = Tensor(uninitializedShape: [k, columns])
        input.withUnsafeBufferPointer { x in
            cols.withUnsafeMutableBufferPointer { im2col(x.baseAddress!, batch: n, $0.baseAddress!, g) }
        }
        // out (N, O, OH, OW) from filter (O, K) · cols (K, N·OH·OW)
        var result = Tensor(uninitializedShape: [n, outChannels, g.outputHeight, g.outputWidth])
        filter.withUnsafeBufferPointer { w in
            cols.withUnsafeBufferPointer { c in
                result.withUnsafeMutableBufferPointer { out in
                    let biasBase = bias?.storage.base
                    if n == 1 {
                        // (O, 1·OH·OW) is already NCHW: start from the bias and accumulate.
                        for o in 0..<outChannels {
                            (out.baseAddress! + o * columns).update(repeating: biasBase?[o] ?? 0, count: columns)
                        }
                        sgemm(transposeA: false, transposeB: false, m: outChannels, n: columns, k: k,
                              a: w.baseAddress!, lda: k, b: c.baseAddress!, ldb: columns,
                              beta: 1, c: out.baseAddress!, ldc: columns)
                    } else {
                        var product = Tensor(uninitializedShape: [outChannels, columns])
                        product.withUnsafeMutableBufferPointer { p in
                            sgemm(transposeA: false, transposeB: false, m: outChannels, n: columns, k: k,
                                  a: w.baseAddress!, lda: k, b: c.baseAddress!, ldb: columns,
                                  c: p.baseAddress!, ldc: columns)
                            swapOuterAxes(p.baseAddress!, out.baseAddress!, outer: outChannels, middle: n,
                                          inner: g.positions, bias: biasBase)
                        }
                    }
                }
            }
        }

        let savedCols = needsRecording(filter) ? cols : nil
        let savedFilter = filter.detached()
        let inputShape = input.shape, filterShape = filter.shape
        // G (O, N·OH·OW): the upstream gradient with batch and channel axes swapped.
        let gradientMatrix = SharedPullbackWork { channelMajor($0) }
        var inputs: [(Tensor, (Tensor) -> Tensor)] = [
            (input, { gradient in
                // d cols (K, N·OH·OW) = filterᵀ (K, O) · G (O, N·OH·OW), folded back by col2im.
                let gMatrix = gradientMatrix(gradient)
                var gradCols = Tensor(uninitializedShape: [k, columns])
                var gradInput = Tensor(uninitializedShape: inputShape)
                savedFilter.withUnsafeBufferPointer { w in
                    gMatrix.withUnsafeBufferPointer { gp in
                        gradCols.withUnsafeMutableBufferPointer { dc in
                            sgemm(transposeA: true, transposeB: false, m: k, n: columns, k: outChannels,
                                  a: w.baseAddress!, lda: k, b: gp.baseAddress!, ldb: columns,
                                  c: dc.baseAddress!, ldc: columns)
                        }
                    }
                }
                gradCols.withUnsafeBufferPointer { dc in
                    gradInput.withUnsafeMutableBufferPointer { col2im(dc.baseAddress!, batch: n, $0.baseAddress!, g) }
                }
                return gradInput
            }),
            (filter, { gradient in
                // d filter (O, K) = G (O, N·OH·OW) · colsᵀ (N·OH·OW, K)
                let gMatrix = gradientMatrix(gradient)
                var gradFilter = Tensor(uninitializedShape: filterShape)
                gMatrix.withUnsafeBufferPointer { gp in
                    savedCols!.withUnsafeBufferPointer { c in
                        gradFilter.withUnsafeMutableBufferPointer { dw in
                            sgemm(transposeA: false, transposeB: true, m: outChannels, n: k, k: columns,
                                  a: gp.baseAddress!, lda: columns, b: c.baseAddress!, ldb: columns,
                                  c: dw.baseAddress!, ldc: k)
                        }
                    }
                }
                return gradFilter
            }),
        ]
        if let bias {
            inputs.append((bias, { gradient in
                var gradBias = Tensor(uninitializedShape: [outChannels])
                gradient.withUnsafeBufferPointer { gp in
                    gradBias.withUnsafeMutableBufferPointer {
                        sumChannels(gp.baseAddress!, batch: n, channels: outChannels, inner: g.positions, $0.baseAddress!)
                    }
                }
                return gradBias
            }))
        }
        return recording(result, inputs)
    }
}
