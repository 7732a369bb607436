import CKernels
import Randomness
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The convolutions' panel writers (the forward product's cols and the filter gradient's colsᵀ,
/// as packed B panels) against the definition of the column matrix, on every instruction set
/// this CPU runs: odd image sizes, every stride and padding up to the kernel, partial panels,
/// kernels wider than a vector. Images and panels lie flush against inaccessible pages, so a
/// read or write one float outside them ends the test.
@Suite struct ConvolutionPanelTests {
    /// Geometries: (channels, height, width, kernel height, kernel width, stride, padding).
    static let geometries: [ck_conv_geometry] = {
        var cases: [ck_conv_geometry] = []
        for (c, h, w, kh, kw) in [(1, 1, 1, 1, 1), (3, 7, 5, 3, 3), (2, 9, 11, 3, 2), (4, 20, 20, 8, 8), (1, 33, 7, 4, 4),
                                  (2, 5, 41, 2, 20)] {
            for stride in 1...4 { for padding in 0..<min(kh, kw) {
                let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
                guard h + 2 * padding >= kh, w + 2 * padding >= kw else { continue }
                cases.append(ck_conv_geometry(channels: c, height: h, width: w, kernel_height: kh, kernel_width: kw,
                                              stride: stride, padding: padding, output_height: oh, output_width: ow))
            } }
        }
        return cases
    }()

    /// Instruction sets with the panel widths that take their vector paths, and an odd width
    /// that takes the portable one.
    static let runs: [(ck_isa, Int)] = SgemmKernelTests.runnable.flatMap { isa in [8, 16, 48, 64, 5].map { (isa, $0) } }

    @Test(arguments: 0..<runs.count)
    func forwardPanelsHoldTheColumnMatrix(run: Int) {
        let (isa, nr) = Self.runs[run]
        // cols (C·KH·KW × N·OH·OW), written a panel at a time.
        expectWriter(isa: isa, nr: nr, seed: 21,
                     reference: { ck_im2col_panels_reference(nr, $0, $1, $2, $3, $4, $5) },
                     fast: { ck_im2col_panels(isa, nr, $0, $1, $2, $3, $4, $5) }) { images, g, batch in
            let k = g.channels * g.kernel_height * g.kernel_width, columns = batch * g.output_height * g.output_width
            return (packedPanels(rows: k, columns: columns, nr: nr) { pixel(images, g, column: $1, row: $0) },
                    (columns + nr - 1) / nr)
        }
    }

    @Test(arguments: 0..<runs.count)
    func transposedPanelsHoldTheTransposedColumnMatrix(run: Int) {
        let (isa, nr) = Self.runs[run]
        // colsᵀ (N·OH·OW × C·KH·KW), written a row at a time.
        expectWriter(isa: isa, nr: nr, seed: 22,
                     reference: { ck_im2col_transposed_panels_reference(nr, $0, $1, $2, $3, $4, $5) },
                     fast: { ck_im2col_transposed_panels(isa, nr, $0, $1, $2, $3, $4, $5) }) { images, g, batch in
            let k = g.channels * g.kernel_height * g.kernel_width, rows = batch * g.output_height * g.output_width
            return (packedPanels(rows: rows, columns: k, nr: nr) { pixel(images, g, column: $0, row: $1) }, rows)
        }
    }

    /// A panel writer: (geometry, batch, images, panels, first part, end of parts).
    typealias PanelWriter = (UnsafePointer<ck_conv_geometry>, Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>,
                             Int, Int) -> Void

    /// Every geometry and batch through a writer's reference and its `isa` path (in two calls,
    /// split where the engine splits them over threads), both against `expected`: the panels
    /// and how many parts (panels or rows) the writer takes.
    func expectWriter(isa: ck_isa, nr: Int, seed: UInt64, reference: PanelWriter, fast: PanelWriter,
                      expected: ([Float], ck_conv_geometry, Int) -> (panels: [Float], parts: Int)) {
        var generator = SeededGenerator(seed: seed)
        for g in Self.geometries { for batch in [1, 3] {
            let images = (0..<batch * g.channels * g.height * g.width).map { _ in generator.nextUniform() + 0.5 }
            let (panels, parts) = expected(images, g, batch)
            for imagesAtTheEnd in [false, true] {
                let source = GuardedFloats(images, flushAgainstTheEnd: imagesAtTheEnd)
                let slow = GuardedFloats(count: panels.count), quick = GuardedFloats(count: panels.count)
                withUnsafePointer(to: g) { geometry in
                    reference(geometry, batch, source.floats, slow.floats, 0, parts)
                    fast(geometry, batch, source.floats, quick.floats, 0, parts / 2)
                    fast(geometry, batch, source.floats, quick.floats, parts / 2, parts)
                }
                #expect(slow.values == panels, "reference, \(g), batch \(batch), nr \(nr)")
                #expect(quick.values == panels, "\(String(cString: ck_isa_name(isa))), \(g), batch \(batch), nr \(nr)")
            }
        } }
    }

    /// A rows × columns matrix, element(r, c), as packed panels of width nr (zeros past the last
    /// column): element (r, c) at (c / nr)·rows·nr + r·nr + c mod nr.
    func packedPanels(rows: Int, columns: Int, nr: Int, _ element: (Int, Int) -> Float) -> [Float] {
        var panels = [Float](repeating: 0, count: (columns + nr - 1) / nr * rows * nr)
        for r in 0..<rows { for c in 0..<columns { panels[c / nr * rows * nr + r * nr + c % nr] = element(r, c) } }
        return panels
    }

    /// cols[row, column] by its definition: row (c, kh, kw), column (n, oy, ox), the pixel
    /// images[n, c, oy·s − p + kh, ox·s − p + kw], or 0 in the padding.
    func pixel(_ images: [Float], _ g: ck_conv_geometry, column: Int, row: Int) -> Float {
        let positions = g.output_height * g.output_width, taps = g.kernel_height * g.kernel_width
        let (n, p) = column.quotientAndRemainder(dividingBy: positions)
        let (c, tap) = row.quotientAndRemainder(dividingBy: taps)
        let y = p / g.output_width * g.stride - g.padding + tap / g.kernel_width
        let x = p % g.output_width * g.stride - g.padding + tap % g.kernel_width
        guard y >= 0, y < g.height, x >= 0, x < g.width else { return 0 }
        return images[((n * g.channels + c) * g.height + y) * g.width + x]
    }
}

/// Floats in their own mapping, flush against an inaccessible page at one end (and with one at
/// the other end of the mapping): a kernel that reads or writes one float past them faults.
final class GuardedFloats {
    private let mapping: UnsafeMutableRawPointer
    private let length: Int
    let floats: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int, flushAgainstTheEnd: Bool = true) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE))), dataPages = Swift.max(1, (count * 4 + page - 1) / page)
        length = (dataPages + 2) * page
        guard let mapping = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapping != UnsafeMutableRawPointer(bitPattern: -1) else { fatalError("mmap of \(length) bytes failed") }
        self.mapping = mapping
        precondition(mprotect(mapping, page, PROT_NONE) == 0 && mprotect(mapping + (dataPages + 1) * page, page, PROT_NONE) == 0)
        let start = flushAgainstTheEnd ? mapping + (dataPages + 1) * page - count * 4 : mapping + page
        floats = start.bindMemory(to: Float.self, capacity: count)
        floats.update(repeating: .nan, count: count)
        self.count = count
    }

    convenience init(_ values: [Float], flushAgainstTheEnd: Bool) {
        self.init(count: values.count, flushAgainstTheEnd: flushAgainstTheEnd)
        floats.update(from: values, count: values.count)
    }

    var values: [Float] { Array(UnsafeBufferPointer(start: floats, count: count)) }

    deinit { munmap(mapping, length) }
}
