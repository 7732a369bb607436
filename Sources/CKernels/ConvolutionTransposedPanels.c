// The filter gradient's B operand written straight from NCHW images: colsᵀ (N·OH·OW ×
// C·KH·KW), whose row (n, oy, ox) holds every pixel the window at that position covers, as the
// GEMM's packed panels of width nr (see ck_sgemm_pack_b).
//
// A panel's lanes are nr consecutive taps (c, kh, kw), each at a fixed offset from a window's
// origin, c·H·W + kh·W + kw; the panel's row for position (n, oy, ox) reads
// images[origin + offset] in every lane, origin = n·C·H·W + (oy·s − p)·W + (ox·s − p): one
// gather per row, the same offsets for every row of the panel. Taps that fall in the padding
// (or lanes past the last tap) are masked off and hold zero. Wide kernels copy runs instead:
// lanes with consecutive kernel columns read consecutive pixels.
#include "SgemmKernels.h"

#include <stdint.h>
#include <stdlib.h>

#if CK_X86
#include <immintrin.h>
#endif

/// The lanes of one panel: each tap's offset from the window's origin and its kernel row and
/// column, for the masks. Lanes past the last tap get a row far outside any image, so every
/// mask drops them.
typedef struct {
    int32_t offset[64], row[64], column[64];
} panel_taps;

static void taps_of_panel(const ck_conv_geometry *g, long nr, long first, panel_taps *taps) {
    const long per_channel = g->kernel_height * g->kernel_width, k = g->channels * per_channel;
    for (long lane = 0; lane < nr; lane++) {
        const long j = first + lane;
        if (j >= k) {
            taps->offset[lane] = 0;
            taps->row[lane] = taps->column[lane] = INT32_MIN / 2;
            continue;
        }
        const long c = j / per_channel, kh = j % per_channel / g->kernel_width, kw = j % g->kernel_width;
        taps->offset[lane] = (int32_t)(c * g->height * g->width + kh * g->width + kw);
        taps->row[lane] = (int32_t)kh;
        taps->column[lane] = (int32_t)kw;
    }
}

/// A window's origin and top-left corner for output row `row` (n, oy, ox) of the batch.
static inline void window_of(const ck_conv_geometry *g, long row, long *origin, long *top, long *left) {
    const long positions = g->output_height * g->output_width, image = g->channels * g->height * g->width;
    const long n = row / positions, p = row % positions;
    *top = p / g->output_width * g->stride - g->padding;
    *left = p % g->output_width * g->stride - g->padding;
    *origin = n * image + *top * g->width + *left;
}

void ck_im2col_transposed_panels_reference(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                           float *panels, long position_begin, long position_end) {
    if (nr < 1 || nr > 64) abort();  // the lane tables hold 64 lanes
    const long k = g->channels * g->kernel_height * g->kernel_width, rows = batch * g->output_height * g->output_width;
    panel_taps taps;
    for (long j0 = 0; j0 < k; j0 += nr) {
        taps_of_panel(g, nr, j0, &taps);
        float *panel = panels + j0 / nr * rows * nr;
        for (long row = position_begin; row < position_end; row++) {
            long origin, top, left;
            window_of(g, row, &origin, &top, &left);
            float *dst = panel + row * nr;
            for (long lane = 0; lane < nr; lane++) {
                const long y = top + taps.row[lane], x = left + taps.column[lane];
                dst[lane] = y >= 0 && y < g->height && x >= 0 && x < g->width ? images[origin + taps.offset[lane]] : 0;
            }
        }
    }
}

#if CK_X86
__attribute__((target("avx512f")))
static void transposed_panels_avx512(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                     float *panels, long position_begin, long position_end) {
    const long k = g->channels * g->kernel_height * g->kernel_width, rows = batch * g->output_height * g->output_width;
    const __m512i height = _mm512_set1_epi32((int)g->height), width = _mm512_set1_epi32((int)g->width);
    panel_taps taps;
    for (long j0 = 0; j0 < k; j0 += nr) {
        taps_of_panel(g, nr, j0, &taps);
        float *panel = panels + j0 / nr * rows * nr;
        for (long v = 0; v < nr / 16; v++) {
            const __m512i offset = _mm512_loadu_si512(taps.offset + 16 * v);
            const __m512i kh = _mm512_loadu_si512(taps.row + 16 * v), kw = _mm512_loadu_si512(taps.column + 16 * v);
            for (long row = position_begin; row < position_end; row++) {
                long origin, top, left;
                window_of(g, row, &origin, &top, &left);
                // 0 ≤ y < H as one unsigned comparison: a negative y wraps to a huge one.
                const __mmask16 valid = _mm512_mask_cmplt_epu32_mask(
                    _mm512_cmplt_epu32_mask(_mm512_add_epi32(kh, _mm512_set1_epi32((int)top)), height),
                    _mm512_add_epi32(kw, _mm512_set1_epi32((int)left)), width);
                const __m512i index = _mm512_add_epi32(offset, _mm512_set1_epi32((int)origin));
                _mm512_storeu_ps(panel + row * nr + 16 * v,
                                 _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, index, images, 4));
            }
        }
    }
}

/// A run of a panel's lanes: `length` ≤ 16 consecutive kernel columns of one channel and
/// kernel row, which read consecutive pixels of one image row.
typedef struct {
    long lane, length, offset, kh, kw;
} panel_run;

/// The AVX-512 path for wide kernels (8 columns or more: the Nature CNN's first layer): each
/// run of a panel row is one masked load and one masked store, where gathers would load its
/// pixels one by one. Lanes in the padding are masked off the load and stored as zeros.
__attribute__((target("avx512f")))
static void transposed_panels_runs_avx512(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                          float *panels, long position_begin, long position_end) {
    const long per_channel = g->kernel_height * g->kernel_width, k = g->channels * per_channel;
    const long rows = batch * g->output_height * g->output_width;
    panel_run runs[64];
    for (long j0 = 0; j0 < k; j0 += nr) {
        const long lanes = k - j0 < nr ? k - j0 : nr;
        long count = 0;
        for (long lane = 0; lane < lanes;) {
            const long j = j0 + lane, c = j / per_channel, kh = j % per_channel / g->kernel_width, kw = j % g->kernel_width;
            long length = g->kernel_width - kw;
            if (length > lanes - lane) length = lanes - lane;
            if (length > 16) length = 16;
            runs[count++] = (panel_run){lane, length, c * g->height * g->width + kh * g->width + kw, kh, kw};
            lane += length;
        }
        float *panel = panels + j0 / nr * rows * nr;
        for (long row = position_begin; row < position_end; row++) {
            long origin, top, left;
            window_of(g, row, &origin, &top, &left);
            float *dst = panel + row * nr;
            for (long r = 0; r < count; r++) {
                const panel_run run = runs[r];
                const __mmask16 lanes_of_run = (__mmask16)((1u << run.length) - 1);
                const long y = top + run.kh, x = left + run.kw;
                __mmask16 valid = y >= 0 && y < g->height ? lanes_of_run : 0;
                if (x < 0) valid &= (__mmask16)(0xFFFFu << (-x < 16 ? -x : 16));
                if (x + run.length > g->width) valid &= (__mmask16)(g->width - x > 0 ? (1u << (g->width - x)) - 1 : 0);
                // Masked-off lanes are neither read nor faulted on, even where they fall
                // outside the image.
                const __m512 pixels = _mm512_maskz_loadu_ps(valid, images + origin + run.offset);
                _mm512_mask_storeu_ps(dst + run.lane, lanes_of_run, pixels);
            }
            for (long lane = lanes; lane < nr; lane++) dst[lane] = 0;
        }
    }
}

__attribute__((target("avx2")))
static void transposed_panels_avx2(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                   float *panels, long position_begin, long position_end) {
    const long k = g->channels * g->kernel_height * g->kernel_width, rows = batch * g->output_height * g->output_width;
    const __m256i height = _mm256_set1_epi32((int)g->height), width = _mm256_set1_epi32((int)g->width);
    const __m256i minus_one = _mm256_set1_epi32(-1);
    panel_taps taps;
    for (long j0 = 0; j0 < k; j0 += nr) {
        taps_of_panel(g, nr, j0, &taps);
        float *panel = panels + j0 / nr * rows * nr;
        for (long v = 0; v < nr / 8; v++) {
            const __m256i offset = _mm256_loadu_si256((const __m256i *)(taps.offset + 8 * v));
            const __m256i kh = _mm256_loadu_si256((const __m256i *)(taps.row + 8 * v));
            const __m256i kw = _mm256_loadu_si256((const __m256i *)(taps.column + 8 * v));
            for (long row = position_begin; row < position_end; row++) {
                long origin, top, left;
                window_of(g, row, &origin, &top, &left);
                const __m256i y = _mm256_add_epi32(kh, _mm256_set1_epi32((int)top));
                const __m256i x = _mm256_add_epi32(kw, _mm256_set1_epi32((int)left));
                const __m256i valid = _mm256_and_si256(
                    _mm256_and_si256(_mm256_cmpgt_epi32(y, minus_one), _mm256_cmpgt_epi32(height, y)),
                    _mm256_and_si256(_mm256_cmpgt_epi32(x, minus_one), _mm256_cmpgt_epi32(width, x)));
                const __m256i index = _mm256_add_epi32(offset, _mm256_set1_epi32((int)origin));
                _mm256_storeu_ps(panel + row * nr + 8 * v, _mm256_mask_i32gather_ps(_mm256_setzero_ps(), images, index,
                                                                                    _mm256_castsi256_ps(valid), 4));
            }
        }
    }
}
#endif

void ck_im2col_transposed_panels(ck_isa isa, long nr, const ck_conv_geometry *g, long batch, const float *images,
                                 float *panels, long position_begin, long position_end) {
    if (nr < 1 || nr > 64) abort();  // the lane tables hold 64 lanes
#if CK_X86
    if (isa == CK_ISA_AVX512 && g->kernel_width >= 8) {
        transposed_panels_runs_avx512(nr, g, batch, images, panels, position_begin, position_end);
        return;
    }
    if (isa == CK_ISA_AVX512 && nr % 16 == 0) {
        transposed_panels_avx512(nr, g, batch, images, panels, position_begin, position_end);
        return;
    }
    if (isa >= CK_ISA_AVX2 && nr % 8 == 0) {
        transposed_panels_avx2(nr, g, batch, images, panels, position_begin, position_end);
        return;
    }
#else
    (void)isa;
#endif
    ck_im2col_transposed_panels_reference(nr, g, batch, images, panels, position_begin, position_end);
}
