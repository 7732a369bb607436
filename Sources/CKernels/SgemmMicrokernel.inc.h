// The template every GEMM microkernel is made from: the includer defines
//   CK_UKERNEL       the function's name, e.g. ck_sgemm_ukernel_8x48_avx512
//   CK_MR            rows of C in the register tile
//   CK_NR_VECTORS    vectors per row of the tile (NR = CK_NR_VECTORS · lanes)
//   CK_VECTOR_BYTES  bytes per vector register: 64 (AVX-512), 32 (AVX2), 16 (portable)
//   CK_TARGET        the function's target attribute, e.g. target("avx512f"), or nothing
//
// The tile is held in MR × NR_VECTORS vector registers; each step of depth loads one row of
// the packed B panel (NR floats, as NR_VECTORS vectors), broadcasts each of the MR packed A
// values and accumulates their products ("broadcast" GEMM: Goto & van de Geijn 2008, "Anatomy
// of High-Performance Matrix Multiplication"; the BLIS microkernel, Van Zee & van de Geijn 2015).
//
//   a  packed A: kc steps of MR floats
//   b  B's panel: kc steps of NR floats, b_step floats apart (NR when packed; B's row stride
//      when the panel is read in place from a row-major B)
//   c  the MR × NR tile of C, rows ldc apart  accumulate  0: c = A·B, 1: c += A·B
//
// The vectors are the compiler's generic vectors: clang lowers them to the target's registers,
// and contracts each `acc + a * b` into one fused multiply-add (-ffp-contract=on, C's default).

#define CK_LANES (CK_VECTOR_BYTES / 4)
#define CK_NR (CK_NR_VECTORS * CK_LANES)

typedef float CK_CONCAT(ck_vector_, CK_VECTOR_BYTES) __attribute__((vector_size(CK_VECTOR_BYTES), aligned(4)));
#define CK_VECTOR CK_CONCAT(ck_vector_, CK_VECTOR_BYTES)

/// Every lane x (the broadcast the microkernel multiplies a row of B by).
CK_TARGET static inline CK_VECTOR CK_CONCAT(CK_UKERNEL, _splat)(float x) {
    CK_VECTOR v;
#pragma clang loop unroll(full)
    for (int lane = 0; lane < CK_LANES; lane++) v[lane] = x;
    return v;
}

CK_TARGET
void CK_UKERNEL(long kc, const float *restrict a, const float *restrict b, long b_step,
                float *restrict c, long ldc, int accumulate) {
    CK_VECTOR acc[CK_MR][CK_NR_VECTORS];
#pragma clang loop unroll(full)
    for (int r = 0; r < CK_MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < CK_NR_VECTORS; v++) acc[r][v] = (CK_VECTOR){0};

    for (long p = 0; p < kc; p++) {
        CK_VECTOR row[CK_NR_VECTORS];
#pragma clang loop unroll(full)
        for (int v = 0; v < CK_NR_VECTORS; v++) row[v] = *(const CK_VECTOR *)(b + v * CK_LANES);
#pragma clang loop unroll(full)
        for (int r = 0; r < CK_MR; r++) {
            CK_VECTOR broadcast = CK_CONCAT(CK_UKERNEL, _splat)(a[r]);
#pragma clang loop unroll(full)
            for (int v = 0; v < CK_NR_VECTORS; v++) acc[r][v] = acc[r][v] + broadcast * row[v];
        }
        a += CK_MR;
        b += b_step;
    }

#pragma clang loop unroll(full)
    for (int r = 0; r < CK_MR; r++) {
        float *target = c + r * ldc;
#pragma clang loop unroll(full)
        for (int v = 0; v < CK_NR_VECTORS; v++) {
            CK_VECTOR *out = (CK_VECTOR *)(target + v * CK_LANES);
            *out = accumulate ? *out + acc[r][v] : acc[r][v];
        }
    }
}

#undef CK_VECTOR
#undef CK_NR
#undef CK_LANES
