// The template of the dot-product GEMM microkernels, for C = A·Bᵀ with A (m × k) and B (n × k)
// both row-major: each element of C is a dot product of two contiguous rows. The includer defines
//   CK_DOT_UKERNEL   the function's name, e.g. ck_sgemm_dot_ukernel_4x4_avx512
//   CK_MR, CK_NR     rows of A and of B in the tile (MR × NR accumulator vectors)
//   CK_VECTOR_BYTES  bytes per vector register
//   CK_TARGET        the function's target attribute, or nothing
//
// Lanes run along k: each step loads MR vectors of A's rows and NR of B's, and accumulates
// their MR·NR products; each accumulator is summed across its lanes at the end. Neither
// operand is packed, so a fully connected layer's weights [out, in] are read once, in place:
// at small batches the packed kernel spent as long transposing them into panels as multiplying.
//
//   rows_a, rows_b  MR and NR row pointers (a tile at C's edge repeats its last row)
//   c  the MR × NR tile of C, rows ldc apart; only `rows` × `columns` of it is written
//   c ← alpha·dot + (accumulate ? c : 0)

#define CK_LANES (CK_VECTOR_BYTES / 4)

typedef float CK_CONCAT(ck_dot_vector_, CK_VECTOR_BYTES) __attribute__((vector_size(CK_VECTOR_BYTES), aligned(4)));
#define CK_VECTOR CK_CONCAT(ck_dot_vector_, CK_VECTOR_BYTES)

CK_TARGET
void CK_DOT_UKERNEL(long k, const float *const *rows_a, const float *const *rows_b,
                    float *restrict c, long ldc, long rows, long columns, float alpha, int accumulate) {
    CK_VECTOR acc[CK_MR][CK_NR];
    const float *a[CK_MR], *b[CK_NR];
#pragma clang loop unroll(full)
    for (int r = 0; r < CK_MR; r++) {
        a[r] = rows_a[r];
#pragma clang loop unroll(full)
        for (int j = 0; j < CK_NR; j++) acc[r][j] = (CK_VECTOR){0};
    }
#pragma clang loop unroll(full)
    for (int j = 0; j < CK_NR; j++) b[j] = rows_b[j];

    long p = 0;
    // Not unrolled: two steps in flight need more than the 32 vector registers, and spill.
#pragma clang loop unroll(disable)
    for (; p + CK_LANES <= k; p += CK_LANES) {
        CK_VECTOR x[CK_MR];
#pragma clang loop unroll(full)
        for (int r = 0; r < CK_MR; r++) x[r] = *(const CK_VECTOR *)(a[r] + p);
#pragma clang loop unroll(full)
        for (int j = 0; j < CK_NR; j++) {
            CK_VECTOR y = *(const CK_VECTOR *)(b[j] + p);
#pragma clang loop unroll(full)
            for (int r = 0; r < CK_MR; r++) acc[r][j] = acc[r][j] + x[r] * y;
        }
    }

    // The accumulators go through memory to be summed across lanes: summed in registers, the
    // compiler's shuffles kept them in the 16 registers its shuffles can name, and spilled.
    float lanes[CK_MR][CK_NR][CK_LANES];
    __builtin_memcpy(lanes, acc, sizeof lanes);
    float sums[CK_MR][CK_NR];
    for (int r = 0; r < CK_MR; r++)
        for (int j = 0; j < CK_NR; j++) {
            float sum = 0;
            for (int lane = 0; lane < CK_LANES; lane++) sum += lanes[r][j][lane];
            sums[r][j] = sum;
        }
    for (long r = 0; r < rows; r++) {
        for (long j = 0; j < columns; j++) {
            float sum = sums[r][j];
            for (long q = p; q < k; q++) sum += rows_a[r][q] * rows_b[j][q];
            float *target = c + r * ldc + j;
            *target = alpha * sum + (accumulate ? *target : 0);
        }
    }
}

#undef CK_VECTOR
#undef CK_LANES
