// The GEMM microkernels and the cache blocking each is used with (internal to CKernels).
#ifndef CK_SGEMM_KERNELS_H
#define CK_SGEMM_KERNELS_H

#include "CKernels.h"

#if defined(__x86_64__)
#define CK_X86 1
#else
#define CK_X86 0
#endif

#define CK_CONCAT_(a, b) a##b
#define CK_CONCAT(a, b) CK_CONCAT_(a, b)

/// c (mr × nr tile, rows ldc apart) = [c +] a · b over kc steps of a packed A panel and a B
/// panel whose steps are b_step floats apart.
typedef void (*ck_sgemm_ukernel)(long kc, const float *restrict a, const float *restrict b, long b_step,
                                 float *restrict c, long ldc, int accumulate);

/// C's tile (rows × columns of it written) ← alpha · A·Bᵀ over k, from MR rows of A and NR
/// rows of B, [+ C].
typedef void (*ck_sgemm_dot_ukernel)(long k, const float *const *rows_a, const float *const *rows_b,
                                     float *restrict c, long ldc, long rows, long columns, float alpha,
                                     int accumulate);

/// A microkernel and its blocking (Goto & van de Geijn 2008): kc steps of depth per packed
/// panel, mc rows of A packed at a time (kept in L2), nc columns of B (kept in L3); and the
/// dot-product microkernel for products with B transposed and few rows.
typedef struct {
    ck_sgemm_ukernel ukernel;
    long mr, nr;
    long kc, mc, nc;
    ck_sgemm_dot_ukernel dot_ukernel;
    long dot_mr, dot_nr;
} ck_sgemm_config;

const ck_sgemm_config *ck_sgemm_config_for(ck_isa isa);

#define CK_DOT_UKERNEL_ARGS long, const float *const *, const float *const *, float *restrict, long, long, long, float, int
void ck_sgemm_dot_ukernel_2x2_portable(CK_DOT_UKERNEL_ARGS);
#if CK_X86
void ck_sgemm_dot_ukernel_3x3_avx2(CK_DOT_UKERNEL_ARGS);
void ck_sgemm_dot_ukernel_4x4_avx512(CK_DOT_UKERNEL_ARGS);
#endif

void ck_sgemm_ukernel_4x8_portable(long, const float *restrict, const float *restrict, long, float *restrict, long, int);
#if CK_X86
void ck_sgemm_ukernel_6x16_avx2(long, const float *restrict, const float *restrict, long, float *restrict, long, int);
void ck_sgemm_ukernel_8x48_avx512(long, const float *restrict, const float *restrict, long, float *restrict, long, int);
#endif

#endif
