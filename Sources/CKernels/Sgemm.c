// C = alpha·op(A)·op(B) + beta·C as a packed, cache-blocked product around a register-tile
// microkernel: the five loops of Goto & van de Geijn (2008) as BLIS arranges them
// (Van Zee & van de Geijn 2015, "BLIS: A Framework for Rapidly Instantiating BLAS
// Functionality", figure 2):
//
//   for jc in n by nc:            B's kc × nc block is packed once per (jc, pc)  (L3)
//     for pc in k by kc:
//       for ic in m by mc:        A's mc × kc block is packed once per (ic, pc)  (L2)
//         for jr in nc by nr:     one nr-wide panel of packed B                  (L1)
//           for ir in mc by mr:   the microkernel: an mr × nr tile of C
//
// Packing lays each panel out in the order the microkernel reads it (kc steps of mr or nr
// floats), zero-padded to whole tiles, and takes care of transposition and alpha; so the
// microkernel sees one layout. Every element of C is summed over k in the same order whatever
// the bands a caller splits C into, so results do not depend on the thread count.
#include "SgemmKernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const ck_sgemm_config portable_config = {ck_sgemm_ukernel_4x8_portable, 4, 8, 256, 128, 3072,
                                                 ck_sgemm_dot_ukernel_2x2_portable, 2, 2};
#if CK_X86
static const ck_sgemm_config avx2_config = {ck_sgemm_ukernel_6x16_avx2, 6, 16, 256, 120, 3072,
                                             ck_sgemm_dot_ukernel_3x3_avx2, 3, 3};
static const ck_sgemm_config avx512_config = {ck_sgemm_ukernel_8x48_avx512, 8, 48, 256, 128, 3072,
                                               ck_sgemm_dot_ukernel_4x4_avx512, 4, 4};
#endif

const ck_sgemm_config *ck_sgemm_config_for(ck_isa isa) {
#if CK_X86
    if (isa == CK_ISA_AVX512) return &avx512_config;
    if (isa == CK_ISA_AVX2) return &avx2_config;
#endif
    (void)isa;
    return &portable_config;
}

void ck_sgemm_tile(ck_isa isa, long *mr, long *nr) {
    const ck_sgemm_config *config = ck_sgemm_config_for(isa);
    *mr = config->mr;
    *nr = config->nr;
}

// MARK: - Packing buffers

/// A per-thread buffer, 64-byte aligned, that grows to the largest size asked of it and is
/// kept between products. The engine's worker threads live as long as the process, but the
/// threads that call into it need not (Dispatch retires its idle workers, which A3C's learners
/// run on), so a thread's buffers are freed when it ends.
typedef struct {
    float *data;
    size_t capacity;
} packing_buffer;

static _Thread_local packing_buffer a_buffer, b_buffer, tile_buffer;

static pthread_key_t buffers_key;
static pthread_once_t buffers_key_once = PTHREAD_ONCE_INIT;

/// Runs as a thread ends (a pthread key's destructor): its buffers go back to the heap.
static void free_thread_buffers(void *unused) {
    (void)unused;
    packing_buffer *buffers[] = {&a_buffer, &b_buffer, &tile_buffer};
    for (int i = 0; i < 3; i++) {
        free(buffers[i]->data);
        buffers[i]->data = NULL;
        buffers[i]->capacity = 0;
    }
}

static void make_buffers_key(void) {
    if (pthread_key_create(&buffers_key, free_thread_buffers) != 0) abort();
}

static float *reserve(packing_buffer *buffer, size_t floats) {
    if (floats > buffer->capacity) {
        if (a_buffer.data == NULL && b_buffer.data == NULL && tile_buffer.data == NULL) {
            // This thread's first buffer: have it freed when the thread ends. (The key's
            // value only needs to be non-null for the destructor to run.)
            pthread_once(&buffers_key_once, make_buffers_key);
            pthread_setspecific(buffers_key, &a_buffer);
        }
        free(buffer->data);
        size_t bytes = (floats * sizeof(float) + 63) & ~(size_t)63;
        buffer->data = aligned_alloc(64, bytes);
        if (!buffer->data) abort();  // out of memory: nothing sensible to return
        buffer->capacity = bytes / sizeof(float);
    }
    return buffer->data;
}

// MARK: - Packing

/// op(A)[i0 ..< i0+mc, p0 ..< p0+kc] · alpha into panels of mr rows: panel q holds, for each
/// step p, the mr values op(A)[i0 + q·mr + r, p0 + p]; rows past mc are zeros.
static void pack_a(int transpose, const float *a, long lda, long i0, long mc, long p0, long kc,
                   long mr, float alpha, float *dst) {
    for (long q = 0; q < mc; q += mr) {
        long rows = mc - q < mr ? mc - q : mr;
        if (transpose) {
            // op(A)[i, p] = A[p, i]: each step's mr values are contiguous in A.
            for (long p = 0; p < kc; p++) {
                const float *src = a + (p0 + p) * lda + i0 + q;
                long r = 0;
                for (; r < rows; r++) dst[p * mr + r] = alpha * src[r];
                for (; r < mr; r++) dst[p * mr + r] = 0;
            }
        } else {
            // op(A)[i, p] = A[i, p]: each row is contiguous; write it down its panel column.
            for (long r = 0; r < rows; r++) {
                const float *src = a + (i0 + q + r) * lda + p0;
                for (long p = 0; p < kc; p++) dst[p * mr + r] = alpha * src[p];
            }
            for (long r = rows; r < mr; r++)
                for (long p = 0; p < kc; p++) dst[p * mr + r] = 0;
        }
        dst += mr * kc;
    }
}

/// op(B)[p0 ..< p0+kc, j0 ..< j0+nc] into panels of nr columns: panel q holds, for each step
/// p, the nr values op(B)[p0 + p, j0 + q·nr + j]; columns past nc are zeros.
static void pack_b(int transpose, const float *b, long ldb, long p0, long kc, long j0, long nc,
                   long nr, float *dst) {
    for (long q = 0; q < nc; q += nr) {
        long columns = nc - q < nr ? nc - q : nr;
        if (transpose) {
            // op(B)[p, j] = B[j, p]: each column is contiguous in B.
            for (long j = 0; j < columns; j++) {
                const float *src = b + (j0 + q + j) * ldb + p0;
                for (long p = 0; p < kc; p++) dst[p * nr + j] = src[p];
            }
            for (long j = columns; j < nr; j++)
                for (long p = 0; p < kc; p++) dst[p * nr + j] = 0;
        } else {
            for (long p = 0; p < kc; p++) {
                const float *src = b + (p0 + p) * ldb + j0 + q;
                memcpy(dst + p * nr, src, (size_t)columns * sizeof(float));
                for (long j = columns; j < nr; j++) dst[p * nr + j] = 0;
            }
        }
        dst += nr * kc;
    }
}

// MARK: - The product

/// C *= beta when beta is neither 0 nor 1, first, so that the products only ever write C
/// (beta 0) or add to it (beta 1).
static void scale_by_beta(float *c, long ldc, long m, long n, float beta) {
    if (beta == 0 || beta == 1) return;
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * ldc + j] *= beta;
}

/// bias and ReLU over rows × columns of C at (i0, j0), once its sums are complete.
static void apply_epilogue(float *c, long ldc, long i0, long j0, long rows, long columns,
                           const float *bias, int bias_per_row, int relu) {
    for (long r = 0; r < rows; r++) {
        float *row = c + r * ldc;
        if (bias && bias_per_row) {
            float value = bias[i0 + r];
            for (long j = 0; j < columns; j++) row[j] += value;
        } else if (bias) {
            for (long j = 0; j < columns; j++) row[j] += bias[j0 + j];
        }
        if (relu)
            for (long j = 0; j < columns; j++) row[j] = row[j] > 0 ? row[j] : 0;
    }
}

/// Where the product reads B from: a row-major matrix (packed block by block, or read in place
/// when that is cheaper), or panels packed beforehand over the whole depth.
typedef struct {
    const float *matrix;  // op(B) = B, or Bᵀ when transposed; ld floats between stored rows
    long ld;
    int transpose;
    const float *packed;  // or: ⌈n/nr⌉ panels of k steps of nr floats (`ck_sgemm_pack_b`)
} b_source;

static void sgemm_blocked(ck_isa isa, int transpose_a, long m, long n, long k, float alpha,
                          const float *a, long lda, b_source b, float beta, float *c, long ldc,
                          const float *bias, int bias_per_row, int relu) {
    if (m <= 0 || n <= 0) return;
    scale_by_beta(c, ldc, m, n, beta);
    if (k <= 0 || alpha == 0) {
        if (beta == 0)
            for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        apply_epilogue(c, ldc, 0, 0, m, n, bias, bias_per_row, relu);
        return;
    }

    const ck_sgemm_config *config = ck_sgemm_config_for(isa);
    const long mr = config->mr, nr = config->nr;
    const long kc_max = config->kc, mc_max = config->mc, nc_max = config->nc;
    // With one block of A's rows, each panel of B is read once whatever its layout: packing it
    // would only add a copy (the fully connected layers' weights, at small batches). The edge
    // panel is still packed, so that no step reads past B's last column.
    const int b_in_place = !b.packed && !b.transpose && m <= mc_max;
    float *packed_a = reserve(&a_buffer, (size_t)((mc_max + mr - 1) / mr * mr) * (size_t)kc_max);
    float *packed_b = b.packed ? NULL : reserve(&b_buffer, (size_t)((nc_max + nr - 1) / nr * nr) * (size_t)kc_max);
    float *tile = reserve(&tile_buffer, (size_t)(mr * nr));

    for (long jc = 0; jc < n; jc += nc_max) {
        long nc = n - jc < nc_max ? n - jc : nc_max;
        for (long pc = 0; pc < k; pc += kc_max) {
            long kc = k - pc < kc_max ? k - pc : kc_max;
            int accumulate = pc > 0 || beta != 0;
            int last = pc + kc == k;
            long full_panels = nc / nr * nr;
            if (b_in_place) {
                if (full_panels < nc)
                    pack_b(0, b.matrix, b.ld, pc, kc, jc + full_panels, nc - full_panels, nr, packed_b);
            } else if (!b.packed) {
                pack_b(b.transpose, b.matrix, b.ld, pc, kc, jc, nc, nr, packed_b);
            }
            for (long ic = 0; ic < m; ic += mc_max) {
                long mc = m - ic < mc_max ? m - ic : mc_max;
                pack_a(transpose_a, a, lda, ic, mc, pc, kc, mr, alpha, packed_a);
                for (long jr = 0; jr < nc; jr += nr) {
                    long columns = nc - jr < nr ? nc - jr : nr;
                    const float *panel_b;
                    long b_step = nr;
                    if (b.packed) {
                        panel_b = b.packed + (jc + jr) / nr * k * nr + pc * nr;
                    } else if (b_in_place && jr < full_panels) {
                        panel_b = b.matrix + pc * b.ld + jc + jr;
                        b_step = b.ld;
                    } else {
                        panel_b = packed_b + (b_in_place ? 0 : jr * kc);
                    }
                    for (long ir = 0; ir < mc; ir += mr) {
                        long rows = mc - ir < mr ? mc - ir : mr;
                        float *target = c + (ic + ir) * ldc + jc + jr;
                        const float *panel_a = packed_a + ir * kc;
                        if (rows == mr && columns == nr) {
                            config->ukernel(kc, panel_a, panel_b, b_step, target, ldc, accumulate);
                        } else {
                            // An edge tile: computed whole into the side buffer, then only
                            // its part inside C is added or written.
                            config->ukernel(kc, panel_a, panel_b, b_step, tile, nr, 0);
                            for (long r = 0; r < rows; r++)
                                for (long j = 0; j < columns; j++)
                                    target[r * ldc + j] = accumulate ? target[r * ldc + j] + tile[r * nr + j]
                                                                     : tile[r * nr + j];
                        }
                        if (last && (bias || relu))
                            apply_epilogue(target, ldc, ic + ir, jc + jr, rows, columns, bias, bias_per_row, relu);
                    }
                }
            }
        }
    }
}

// MARK: - The dot-product path

/// C = alpha·A·Bᵀ + beta·C with A (m × k) and B (n × k) read in place, a tile of dot products
/// at a time (see SgemmDotMicrokernel.inc.h). A tile at C's edge repeats its last row of A or B
/// and writes only its part inside C.
static void sgemm_dot(ck_isa isa, long m, long n, long k, float alpha, const float *a, long lda,
                      const float *b, long ldb, float beta, float *c, long ldc,
                      const float *bias, int bias_per_row, int relu) {
    if (m <= 0 || n <= 0) return;
    scale_by_beta(c, ldc, m, n, beta);
    const ck_sgemm_config *config = ck_sgemm_config_for(isa);
    const long mr = config->dot_mr, nr = config->dot_nr;
    const float *rows_a[8], *rows_b[8];
    // B's tile rows outside, A's inside: B (the weights) is read from memory once, A (a small
    // batch) stays in the caches.
    for (long j0 = 0; j0 < n; j0 += nr) {
        long columns = n - j0 < nr ? n - j0 : nr;
        for (long j = 0; j < nr; j++) rows_b[j] = b + (j0 + (j < columns ? j : columns - 1)) * ldb;
        for (long i0 = 0; i0 < m; i0 += mr) {
            long rows = m - i0 < mr ? m - i0 : mr;
            for (long r = 0; r < mr; r++) rows_a[r] = a + (i0 + (r < rows ? r : rows - 1)) * lda;
            float *target = c + i0 * ldc + j0;
            config->dot_ukernel(k, rows_a, rows_b, target, ldc, rows, columns, alpha, beta != 0);
            if (bias || relu) apply_epilogue(target, ldc, i0, j0, rows, columns, bias, bias_per_row, relu);
        }
    }
}

// MARK: - Entry points

ck_sgemm_path ck_sgemm_plan(ck_isa isa, int transpose_a, int transpose_b, long m, long n, long k) {
    (void)isa;
    (void)n;
    // Few rows against a transposed B (a fully connected layer's forward pass at small batches):
    // packing B would cost about as much as the product. Deep products only: the dot kernel
    // sums lanes at the end of each tile.
    if (transpose_b && !transpose_a && m <= CK_SGEMM_DOT_MAX_ROWS && k >= 64) return CK_SGEMM_DOT;
    return CK_SGEMM_PACKED;
}

void ck_sgemm_run(ck_isa isa, ck_sgemm_path path, int transpose_a, int transpose_b, long m, long n, long k,
                  float alpha, const float *a, long lda, const float *b, long ldb,
                  float beta, float *c, long ldc,
                  const float *bias, int bias_per_row, int relu) {
    if (path == CK_SGEMM_DOT && transpose_b && !transpose_a) {
        sgemm_dot(isa, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, bias_per_row, relu);
        return;
    }
    b_source source = {b, ldb, transpose_b, NULL};
    sgemm_blocked(isa, transpose_a, m, n, k, alpha, a, lda, source, beta, c, ldc, bias, bias_per_row, relu);
}

void ck_sgemm(ck_isa isa, int transpose_a, int transpose_b, long m, long n, long k,
              float alpha, const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc,
              const float *bias, int bias_per_row, int relu) {
    ck_sgemm_run(isa, ck_sgemm_plan(isa, transpose_a, transpose_b, m, n, k), transpose_a, transpose_b,
                 m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, bias_per_row, relu);
}

void ck_sgemm_packed_b(ck_isa isa, int transpose_a, long m, long n, long k,
                       float alpha, const float *a, long lda, const float *packed_b,
                       float beta, float *c, long ldc,
                       const float *bias, int bias_per_row, int relu) {
    b_source source = {NULL, 0, 0, packed_b};
    sgemm_blocked(isa, transpose_a, m, n, k, alpha, a, lda, source, beta, c, ldc, bias, bias_per_row, relu);
}

long ck_sgemm_packed_b_size(ck_isa isa, long k, long n) {
    long nr = ck_sgemm_config_for(isa)->nr;
    return (n + nr - 1) / nr * nr * k;
}

void ck_sgemm_pack_b(ck_isa isa, int transpose_b, long k, long n, const float *b, long ldb, float *packed) {
    long nr = ck_sgemm_config_for(isa)->nr;
    // pack_b lays out one depth block; over the whole depth that is the same layout.
    pack_b(transpose_b, b, ldb, 0, k, 0, n, nr, packed);
}

double ck_sgemm_peak_loop(ck_isa isa, long iterations, long kc) {
    const ck_sgemm_config *config = ck_sgemm_config_for(isa);
    const long mr = config->mr, nr = config->nr;
    float *a = aligned_alloc(64, (size_t)((mr * kc * 4 + 63) / 64 * 64));
    float *b = aligned_alloc(64, (size_t)((nr * kc * 4 + 63) / 64 * 64));
    float *c = aligned_alloc(64, (size_t)((mr * nr * 4 + 63) / 64 * 64));
    if (!a || !b || !c) abort();
    for (long i = 0; i < mr * kc; i++) a[i] = 1e-3f;
    for (long i = 0; i < nr * kc; i++) b[i] = 1e-3f;
    memset(c, 0, (size_t)(mr * nr) * sizeof(float));
    for (long i = 0; i < iterations; i++) config->ukernel(kc, a, b, nr, c, nr, 1);
    // Read C, so that the loop is not optimized away.
    volatile float sink = c[0];
    (void)sink;
    free(a);
    free(b);
    free(c);
    return 2.0 * (double)mr * (double)nr * (double)kc * (double)iterations;
}
