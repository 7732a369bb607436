// Max pooling over 2×2 windows with stride 2 (the usual tiling of a CNN's feature maps), with
// each window's winner kept for the backward pass.
//
// The winner is the first of (top-left, top-right, bottom-left, bottom-right) that no later
// one beats, where v beats best when best is not NaN and ¬(v ≤ best): the first of equal
// maxima wins, and a NaN wins (PyTorch's rule). The vector paths take the top and bottom rows
// 2·lanes floats at a time, split them into even and odd columns, and run that rule on whole
// vectors with comparison masks.
#include "SgemmKernels.h"

#if CK_X86
#include <immintrin.h>
#endif

/// One window's maximum and winner (an offset in its plane), the rule above one by one.
static inline void pool_window(const float *plane, long first, long width, float *y, int32_t *winner) {
    const long candidates[4] = {first, first + 1, first + width, first + width + 1};
    long best = first;
    float best_value = plane[first];
    for (int i = 1; i < 4; i++) {
        const float v = plane[candidates[i]];
        if (best_value == best_value && !(v <= best_value)) {
            best_value = v;
            best = candidates[i];
        }
    }
    *y = best_value;
    if (winner) *winner = (int32_t)best;
}

/// Outputs [ox_begin, output_width) of output row oy, one at a time.
static inline void pool_row_tail(const float *plane, float *y, int32_t *winners, long width, long output_width,
                                 long oy, long ox_begin) {
    for (long ox = ox_begin; ox < output_width; ox++)
        pool_window(plane, 2 * oy * width + 2 * ox, width, y + oy * output_width + ox,
                    winners ? winners + oy * output_width + ox : NULL);
}

void ck_max_pool_2x2_reference(long planes, long height, long width, const float *x, float *y, int32_t *winners) {
    const long output_height = height / 2, output_width = width / 2, outputs = output_height * output_width;
    for (long plane = 0; plane < planes; plane++)
        for (long oy = 0; oy < output_height; oy++)
            pool_row_tail(x + plane * height * width, y + plane * outputs, winners ? winners + plane * outputs : NULL,
                          width, output_width, oy, 0);
}

#if CK_X86
__attribute__((target("avx512f")))
static void max_pool_2x2_avx512(long planes, long height, long width, const float *x, float *y, int32_t *winners) {
    const long output_height = height / 2, output_width = width / 2, outputs = output_height * output_width;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    for (long plane = 0; plane < planes; plane++) {
        const float *source = x + plane * height * width;
        float *target = y + plane * outputs;
        int32_t *plane_winners = winners ? winners + plane * outputs : NULL;
        for (long oy = 0; oy < output_height; oy++) {
            const float *top = source + 2 * oy * width, *bottom = top + width;
            // 16 windows at a time, the row's last ones under a mask (Fashion-MNIST's maps are
            // 14 and 7 windows wide).
            for (long ox = 0; ox < output_width; ox += 16) {
                const long n = output_width - ox < 16 ? output_width - ox : 16;
                const __mmask16 out_mask = (__mmask16)((1u << n) - 1);
                const __mmask16 low = (__mmask16)(2 * n >= 16 ? 0xFFFF : (1u << (2 * n)) - 1);
                const __mmask16 high = (__mmask16)(2 * n <= 16 ? 0 : (1u << (2 * n - 16)) - 1);
                const __m512i first = _mm512_add_epi32(_mm512_set1_epi32((int)(2 * oy * width + 2 * ox)), even);
                const __m512 t0 = _mm512_maskz_loadu_ps(low, top + 2 * ox), t1 = _mm512_maskz_loadu_ps(high, top + 2 * ox + 16);
                const __m512 b0 = _mm512_maskz_loadu_ps(low, bottom + 2 * ox);
                const __m512 b1 = _mm512_maskz_loadu_ps(high, bottom + 2 * ox + 16);
                const __m512 candidates[3] = {_mm512_permutex2var_ps(t0, odd, t1), _mm512_permutex2var_ps(b0, even, b1),
                                              _mm512_permutex2var_ps(b0, odd, b1)};
                const int steps[3] = {1, (int)width, (int)width + 1};
                __m512 best = _mm512_permutex2var_ps(t0, even, t1);
                __m512i winner = first;
                for (int i = 0; i < 3; i++) {
                    const __mmask16 takes = _mm512_mask_cmp_ps_mask(_mm512_cmp_ps_mask(best, best, _CMP_ORD_Q),
                                                                    candidates[i], best, _CMP_NLE_UQ);
                    best = _mm512_mask_mov_ps(best, takes, candidates[i]);
                    winner = _mm512_mask_mov_epi32(winner, takes, _mm512_add_epi32(first, _mm512_set1_epi32(steps[i])));
                }
                _mm512_mask_storeu_ps(target + oy * output_width + ox, out_mask, best);
                if (plane_winners) _mm512_mask_storeu_epi32(plane_winners + oy * output_width + ox, out_mask, winner);
            }
        }
    }
}

__attribute__((target("avx2")))
static void max_pool_2x2_avx2(long planes, long height, long width, const float *x, float *y, int32_t *winners) {
    const long output_height = height / 2, output_width = width / 2, outputs = output_height * output_width;
    const __m256i lanes = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    for (long plane = 0; plane < planes; plane++) {
        const float *source = x + plane * height * width;
        float *target = y + plane * outputs;
        int32_t *plane_winners = winners ? winners + plane * outputs : NULL;
        for (long oy = 0; oy < output_height; oy++) {
            const float *top = source + 2 * oy * width, *bottom = top + width;
            long ox = 0;
            for (; ox + 8 <= output_width; ox += 8) {
                const __m256i first = _mm256_add_epi32(_mm256_set1_epi32((int)(2 * oy * width + 2 * ox)), lanes);
                // Even and odd columns of 16 floats: the shuffle takes them from both halves of
                // each 128-bit lane, the permute puts the 64-bit pairs back in order.
                __m256 rows[2][2];
                for (int r = 0; r < 2; r++) {
                    const float *row = r == 0 ? top : bottom;
                    const __m256 v0 = _mm256_loadu_ps(row + 2 * ox), v1 = _mm256_loadu_ps(row + 2 * ox + 8);
                    rows[r][0] = _mm256_castpd_ps(_mm256_permute4x64_pd(
                        _mm256_castps_pd(_mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0))), _MM_SHUFFLE(3, 1, 2, 0)));
                    rows[r][1] = _mm256_castpd_ps(_mm256_permute4x64_pd(
                        _mm256_castps_pd(_mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1))), _MM_SHUFFLE(3, 1, 2, 0)));
                }
                const __m256 candidates[3] = {rows[0][1], rows[1][0], rows[1][1]};
                const int steps[3] = {1, (int)width, (int)width + 1};
                __m256 best = rows[0][0];
                __m256i winner = first;
                for (int i = 0; i < 3; i++) {
                    const __m256 takes = _mm256_and_ps(_mm256_cmp_ps(best, best, _CMP_ORD_Q),
                                                       _mm256_cmp_ps(candidates[i], best, _CMP_NLE_UQ));
                    best = _mm256_blendv_ps(best, candidates[i], takes);
                    winner = _mm256_castps_si256(_mm256_blendv_ps(
                        _mm256_castsi256_ps(winner),
                        _mm256_castsi256_ps(_mm256_add_epi32(first, _mm256_set1_epi32(steps[i]))), takes));
                }
                _mm256_storeu_ps(target + oy * output_width + ox, best);
                if (plane_winners) _mm256_storeu_si256((__m256i *)(plane_winners + oy * output_width + ox), winner);
            }
            pool_row_tail(source, target, plane_winners, width, output_width, oy, ox);
        }
    }
}
#endif

void ck_max_pool_2x2(ck_isa isa, long planes, long height, long width, const float *x, float *y, int32_t *winners) {
#if CK_X86
    if (isa == CK_ISA_AVX512) {
        max_pool_2x2_avx512(planes, height, width, x, y, winners);
        return;
    }
    if (isa == CK_ISA_AVX2) {
        max_pool_2x2_avx2(planes, height, width, x, y, winners);
        return;
    }
#else
    (void)isa;
#endif
    ck_max_pool_2x2_reference(planes, height, width, x, y, winners);
}
