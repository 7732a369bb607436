import CKernels

// im2col written straight into the GEMM's packed panels ("implicit" im2col: no column matrix
// that the product would then copy again into its own layout).
//
// The packed layout of a K × columns operand (CKernels' `ck_sgemm_pack_b`): ⌈columns/nr⌉
// panels, each K rows of nr floats, zeros past the last column. Element (k, j) is at
//   (j / nr) · K · nr + k · nr + j mod nr.
// For the forward operand, each image plane is first unrolled into its KH·KW rows by
// `im2colPlane` in a scratch block that stays in the L1/L2 cache, then scattered into the
// panels; the filter gradient's transposed operand is written straight from the images.

/// The column matrix of a batch, (C·KH·KW, N·OH·OW) as in `im2col`, as packed panels of width
/// `nr`: the B operand of conv's forward product W · cols. Image planes are split over the
/// engine's threads; each plane's KH·KW rows (OH·OW long) are unrolled into a per-thread
/// scratch block, then cut where they cross from one panel to the next. Planes write disjoint
/// parts of the panels, so the split does not change the result.
func im2colPanels(_ images: UnsafePointer<Float>, batch: Int, _ panels: UnsafeMutablePointer<Float>,
                  nr: Int, _ g: ConvolutionGeometry) {
    let k = g.patchSize, columns = batch * g.positions, taps = g.kernelHeight * g.kernelWidth
    zeroPanelPadding(panels, rows: k, columns: columns, nr: nr)
    g.validRows.withUnsafeBufferPointer { rows in
        g.validColumns.withUnsafeBufferPointer { validColumns in
            g.sourceColumnOffsets.withUnsafeBufferPointer { offsets in
                parallelFor(batch * g.channels, work: k * columns) { range in
                    let unrolled = UnsafeMutablePointer<Float>.allocate(capacity: taps * g.positions)
                    let split = g.stride > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.phaseSplitPlaneSize) : nil
                    defer { unrolled.deallocate(); split?.deallocate() }
                    for plane in range {
                        let (n, c) = plane.quotientAndRemainder(dividingBy: g.channels)
                        var source = images + plane * g.height * g.width
                        if let split {
                            splitPhases(source, split, g)
                            source = UnsafePointer(split)
                        }
                        im2colPlane(source, unrolled, ldc: g.positions, g,
                                    rows.baseAddress!, validColumns.baseAddress!, offsets.baseAddress!)
                        for tap in 0..<taps {
                            let row = c * taps + tap
                            var j = n * g.positions, from = UnsafePointer(unrolled + tap * g.positions), left = g.positions
                            while left > 0 {
                                let (panel, lane) = j.quotientAndRemainder(dividingBy: nr)
                                let count = Swift.min(left, nr - lane)
                                copyFloats(panels + panel * k * nr + row * nr + lane, from, count: count)
                                (j, from, left) = (j + count, from + count, left - count)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The transposed column matrix of a batch, (N·OH·OW, C·KH·KW), as packed panels of width
/// `nr`: the B operand of the filter gradient's product G · colsᵀ. Written straight from the
/// images by CKernels (`ck_im2col_transposed_panels`: each panel row is a few runs of
/// consecutive pixels), the rows split over the engine's threads.
func im2colTransposedPanels(_ images: UnsafePointer<Float>, batch: Int, _ panels: UnsafeMutablePointer<Float>,
                            nr: Int, _ g: ConvolutionGeometry) {
    var geometry = ck_conv_geometry(channels: g.channels, height: g.height, width: g.width,
                                    kernel_height: g.kernelHeight, kernel_width: g.kernelWidth, stride: g.stride,
                                    padding: g.padding, output_height: g.outputHeight, output_width: g.outputWidth)
    let rows = batch * g.positions
    withUnsafePointer(to: &geometry) { geometry in
        parallelFor(rows, work: rows * g.patchSize) { range in
            ck_im2col_transposed_panels(nr, geometry, batch, images, panels, range.lowerBound, range.upperBound)
        }
    }
}

/// d[0..<n] = s[0..<n] for the pieces of a panel row (up to nr = 48 floats): sixteen at a
/// time, the last sixteen overlapping, and `copyRun` below sixteen. A memmove call per piece
/// (about 600 per image plane of the Nature CNN's first layer) cost more than the copies.
@inline(__always)
private func copyFloats(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, count n: Int) {
    guard n >= 16 else { copyRun(d, s, count: n); return }
    let from = UnsafeRawPointer(s), to = UnsafeMutableRawPointer(d)
    var i = 0
    while i + 16 <= n {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self), toByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    if i < n {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: (n - 16) * 4, as: SIMD16<Float>.self), toByteOffset: (n - 16) * 4,
                      as: SIMD16<Float>.self)
    }
}

/// Zeros the lanes of the last panel past `columns`, which no plane writes.
@inline(__always)
private func zeroPanelPadding(_ panels: UnsafeMutablePointer<Float>, rows: Int, columns: Int, nr: Int) {
    let (last, used) = columns.quotientAndRemainder(dividingBy: nr)
    guard used > 0 else { return }
    let panel = panels + last * rows * nr
    for row in 0..<rows { (panel + row * nr + used).update(repeating: 0, count: nr - used) }
}
