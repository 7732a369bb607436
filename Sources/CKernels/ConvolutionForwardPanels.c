// The forward product's B operand written straight from NCHW images: the column matrix cols
// (C·KH·KW × N·OH·OW) as the GEMM's packed panels of width nr (see ck_sgemm_pack_b), with no
// column matrix and no scratch copy between.
//
// A panel's lanes are nr consecutive output positions (n, oy, ox). Each lane's window has an
// origin in the images, n·C·H·W + (oy·s − p)·W + (ox·s − p); the panel's row (c, kh, kw) reads
// images[origin + c·H·W + kh·W + kw] in every lane: one gather of nr offsets, the same offsets
// plus a constant for every row. Lanes whose tap falls in the padding (or past the last
// position) are masked off, so they read nothing and hold zero. A gather is one instruction
// whatever the stride, where copying runs needs a phase split of the image first when s > 1
// and splits every row at the panel's edges.
#include "SgemmKernels.h"

#include <stdint.h>
#include <stdlib.h>

#if CK_X86
#include <immintrin.h>
#endif

/// The lanes of one panel: window origins and their top-left corners, for the masks. Lanes
/// past the last position get a corner far outside the image, so every mask drops them.
typedef struct {
    int32_t origin[64], top[64], left[64];
} panel_lanes;

static void lanes_of_panel(const ck_conv_geometry *g, long nr, long first, long columns, panel_lanes *lanes) {
    const long positions = g->output_height * g->output_width, image = g->channels * g->height * g->width;
    for (long lane = 0; lane < nr; lane++) {
        const long j = first + lane;
        if (j >= columns) {
            lanes->origin[lane] = 0;
            lanes->top[lane] = lanes->left[lane] = INT32_MIN / 2;
            continue;
        }
        const long n = j / positions, p = j % positions;
        const long y = p / g->output_width * g->stride - g->padding, x = p % g->output_width * g->stride - g->padding;
        lanes->origin[lane] = (int32_t)(n * image + y * g->width + x);
        lanes->top[lane] = (int32_t)y;
        lanes->left[lane] = (int32_t)x;
    }
}

/// The portable path, and the reference the vector paths are tested against.
void ck_im2col_panels_reference(long nr, const ck_conv_geometry *g, long batch, const float *images, float *panels,
                                long panel_begin, long panel_end) {
    if (nr < 1 || nr > 64) abort();  // the lane tables hold 64 lanes
    const long k = g->channels * g->kernel_height * g->kernel_width, columns = batch * g->output_height * g->output_width;
    const long plane = g->height * g->width;
    panel_lanes lanes;
    for (long panel = panel_begin; panel < panel_end; panel++) {
        lanes_of_panel(g, nr, panel * nr, columns, &lanes);
        float *dst = panels + panel * k * nr;
        for (long c = 0; c < g->channels; c++)
            for (long kh = 0; kh < g->kernel_height; kh++)
                for (long kw = 0; kw < g->kernel_width; kw++, dst += nr) {
                    const long offset = c * plane + kh * g->width + kw;
                    for (long lane = 0; lane < nr; lane++) {
                        const long y = lanes.top[lane] + kh, x = lanes.left[lane] + kw;
                        dst[lane] = y >= 0 && y < g->height && x >= 0 && x < g->width ? images[lanes.origin[lane] + offset] : 0;
                    }
                }
    }
}

#if CK_X86
__attribute__((target("avx512f")))
static void im2col_panels_avx512(long nr, const ck_conv_geometry *g, long batch, const float *images, float *panels,
                                 long panel_begin, long panel_end) {
    const long k = g->channels * g->kernel_height * g->kernel_width, columns = batch * g->output_height * g->output_width;
    const long plane = g->height * g->width, vectors = nr / 16;
    const __m512i height = _mm512_set1_epi32((int)g->height), width = _mm512_set1_epi32((int)g->width);
    panel_lanes lanes;
    for (long panel = panel_begin; panel < panel_end; panel++) {
        lanes_of_panel(g, nr, panel * nr, columns, &lanes);
        float *dst = panels + panel * k * nr;
        for (long v = 0; v < vectors; v++) {
            const __m512i origin = _mm512_loadu_si512(lanes.origin + 16 * v);
            const __m512i top = _mm512_loadu_si512(lanes.top + 16 * v), left = _mm512_loadu_si512(lanes.left + 16 * v);
            float *column = dst + 16 * v;
            for (long c = 0; c < g->channels; c++)
                for (long kh = 0; kh < g->kernel_height; kh++) {
                    // 0 ≤ y < H as one unsigned comparison: a negative y wraps to a huge one.
                    const __mmask16 row_valid =
                        _mm512_cmplt_epu32_mask(_mm512_add_epi32(top, _mm512_set1_epi32((int)kh)), height);
                    for (long kw = 0; kw < g->kernel_width; kw++, column += nr) {
                        const __mmask16 valid = _mm512_mask_cmplt_epu32_mask(
                            row_valid, _mm512_add_epi32(left, _mm512_set1_epi32((int)kw)), width);
                        const __m512i index = _mm512_add_epi32(origin, _mm512_set1_epi32((int)(c * plane + kh * g->width + kw)));
                        _mm512_storeu_ps(column, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, index, images, 4));
                    }
                }
        }
    }
}

__attribute__((target("avx2")))
static void im2col_panels_avx2(long nr, const ck_conv_geometry *g, long batch, const float *images, float *panels,
                               long panel_begin, long panel_end) {
    const long k = g->channels * g->kernel_height * g->kernel_width, columns = batch * g->output_height * g->output_width;
    const long plane = g->height * g->width, vectors = nr / 8;
    const __m256i height = _mm256_set1_epi32((int)g->height), width = _mm256_set1_epi32((int)g->width);
    const __m256i minus_one = _mm256_set1_epi32(-1);
    panel_lanes lanes;
    for (long panel = panel_begin; panel < panel_end; panel++) {
        lanes_of_panel(g, nr, panel * nr, columns, &lanes);
        float *dst = panels + panel * k * nr;
        for (long v = 0; v < vectors; v++) {
            const __m256i origin = _mm256_loadu_si256((const __m256i *)(lanes.origin + 8 * v));
            const __m256i top = _mm256_loadu_si256((const __m256i *)(lanes.top + 8 * v));
            const __m256i left = _mm256_loadu_si256((const __m256i *)(lanes.left + 8 * v));
            float *column = dst + 8 * v;
            for (long c = 0; c < g->channels; c++)
                for (long kh = 0; kh < g->kernel_height; kh++) {
                    const __m256i y = _mm256_add_epi32(top, _mm256_set1_epi32((int)kh));
                    const __m256i row_valid = _mm256_and_si256(_mm256_cmpgt_epi32(y, minus_one), _mm256_cmpgt_epi32(height, y));
                    for (long kw = 0; kw < g->kernel_width; kw++, column += nr) {
                        const __m256i x = _mm256_add_epi32(left, _mm256_set1_epi32((int)kw));
                        const __m256i valid = _mm256_and_si256(
                            row_valid, _mm256_and_si256(_mm256_cmpgt_epi32(x, minus_one), _mm256_cmpgt_epi32(width, x)));
                        const __m256i index = _mm256_add_epi32(origin, _mm256_set1_epi32((int)(c * plane + kh * g->width + kw)));
                        _mm256_storeu_ps(column, _mm256_mask_i32gather_ps(_mm256_setzero_ps(), images, index,
                                                                         _mm256_castsi256_ps(valid), 4));
                    }
                }
        }
    }
}
#endif

void ck_im2col_panels(ck_isa isa, long nr, const ck_conv_geometry *g, long batch, const float *images, float *panels,
                      long panel_begin, long panel_end) {
    if (nr < 1 || nr > 64) abort();  // the lane tables hold 64 lanes
#if CK_X86
    if (isa == CK_ISA_AVX512 && nr % 16 == 0) {
        im2col_panels_avx512(nr, g, batch, images, panels, panel_begin, panel_end);
        return;
    }
    if (isa >= CK_ISA_AVX2 && nr % 8 == 0) {
        im2col_panels_avx2(nr, g, batch, images, panels, panel_begin, panel_end);
        return;
    }
#else
    (void)isa;
#endif
    ck_im2col_panels_reference(nr, g, batch, images, panels, panel_begin, panel_end);
}
