import CKernels

// im2col written straight into the GEMM's packed panels ("implicit" im2col: no column matrix
// that the product would then copy again into its own layout).
//
// The packed layout of a K × columns operand (CKernels' `ck_sgemm_pack_b`): ⌈columns/nr⌉
// panels, each K rows of nr floats, zeros past the last column. Element (k, j) is at
//   (j / nr) · K · nr + k · nr + j mod nr.

/// The column matrix of a batch, (C·KH·KW, N·OH·OW) as in `im2col`, as packed panels of width
/// `nr`: the B operand of conv's forward product W · cols. Written straight from the images by
/// CKernels (`ck_im2col_panels`: each panel row one masked gather of the lanes' pixels), the
/// panels split over the engine's threads. Panels are disjoint, so the split does not change
/// the result.
func im2colPanels(_ images: UnsafePointer<Float>, batch: Int, _ panels: UnsafeMutablePointer<Float>,
                  nr: Int, _ g: ConvolutionGeometry) {
    precondition(gatherable(batch: batch, g, nr: nr), "im2colPanels: \(batch) images of \(g.channels)×\(g.height)×\(g.width) exceed the kernel's 32-bit offsets")
    var geometry = g.cGeometry
    let count = (batch * g.positions + nr - 1) / nr
    withUnsafePointer(to: &geometry) { geometry in
        parallelFor(count, work: count * nr * g.patchSize) { range in
            ck_im2col_panels(ck_isa_active(), nr, geometry, batch, images, panels, range.lowerBound, range.upperBound)
        }
    }
}

/// The transposed column matrix of a batch, (N·OH·OW, C·KH·KW), as packed panels of width
/// `nr`: the B operand of the filter gradient's product G · colsᵀ. Written straight from the
/// images by CKernels (`ck_im2col_transposed_panels`: each panel row one masked gather of the
/// taps' pixels, or with AVX-512 and kernels 8 or more wide, a masked load per run of kernel
/// columns), the rows split over the engine's threads.
func im2colTransposedPanels(_ images: UnsafePointer<Float>, batch: Int, _ panels: UnsafeMutablePointer<Float>,
                            nr: Int, _ g: ConvolutionGeometry) {
    precondition(gatherable(batch: batch, g, nr: nr), "im2colTransposedPanels: \(batch) images of \(g.channels)×\(g.height)×\(g.width) exceed the kernel's 32-bit offsets")
    var geometry = g.cGeometry
    let rows = batch * g.positions
    withUnsafePointer(to: &geometry) { geometry in
        parallelFor(rows, work: rows * g.patchSize) { range in
            ck_im2col_transposed_panels(ck_isa_active(), nr, geometry, batch, images, panels, range.lowerBound, range.upperBound)
        }
    }
}

/// Whether CKernels' panel writers can take these images: their gathers index a chunk's
/// images with 32-bit offsets, and their lanes are at most 64 (every microkernel's nr is).
private func gatherable(batch: Int, _ g: ConvolutionGeometry, nr: Int) -> Bool {
    nr <= 64 && batch * g.channels * g.height * g.width < Int(Int32.max)
}

extension ConvolutionGeometry {
    /// The same geometry as CKernels' kernels take it.
    var cGeometry: ck_conv_geometry {
        ck_conv_geometry(channels: channels, height: height, width: width, kernel_height: kernelHeight,
                         kernel_width: kernelWidth, stride: stride, padding: padding,
                         output_height: outputHeight, output_width: outputWidth)
    }
}
