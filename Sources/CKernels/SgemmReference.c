// The naive product the fast GEMM is tested against: three loops, a float sum in k's order.
#include "CKernels.h"

void ck_sgemm_reference(int transpose_a, int transpose_b, long m, long n, long k,
                        float alpha, const float *a, long lda, const float *b, long ldb,
                        float beta, float *c, long ldc,
                        const float *bias, int bias_per_row, int relu) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float sum = 0;
            for (long p = 0; p < k; p++) {
                float x = transpose_a ? a[p * lda + i] : a[i * lda + p];
                float y = transpose_b ? b[j * ldb + p] : b[p * ldb + j];
                sum += x * y;
            }
            float value = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            if (bias) value += bias_per_row ? bias[i] : bias[j];
            if (relu && value < 0) value = 0;
            c[i * ldc + j] = value;
        }
    }
}
