// The fused optimizer steps: the variant for the instruction set asked for, and the naive
// references (one element at a time, written as the papers write the rules).
#include "OptimizerKernels.h"

#include <math.h>

// Rounded as written, as the variants are (see OptimizerRules.inc.h).
#pragma clang fp contract(off)

void ck_adam_step(ck_isa isa, long count, float *theta, const float *g, float *m, float *v,
                  const ck_adam_parameters *p) {
#if CK_X86
    if (isa == CK_ISA_AVX512) { ck_adam_step_avx512(count, theta, g, m, v, p); return; }
    if (isa == CK_ISA_AVX2) { ck_adam_step_avx2(count, theta, g, m, v, p); return; }
#endif
    (void)isa;
    ck_adam_step_portable(count, theta, g, m, v, p);
}

void ck_rmsprop_step(ck_isa isa, long count, float *theta, const float *g, float *mean_square,
                     const ck_rmsprop_parameters *p) {
#if CK_X86
    if (isa == CK_ISA_AVX512) { ck_rmsprop_step_avx512(count, theta, g, mean_square, p); return; }
    if (isa == CK_ISA_AVX2) { ck_rmsprop_step_avx2(count, theta, g, mean_square, p); return; }
#endif
    (void)isa;
    ck_rmsprop_step_portable(count, theta, g, mean_square, p);
}

void ck_centered_rmsprop_step(ck_isa isa, long count, float *theta, const float *g, float *mean_square,
                              float *mean, const ck_rmsprop_parameters *p) {
#if CK_X86
    if (isa == CK_ISA_AVX512) { ck_centered_rmsprop_step_avx512(count, theta, g, mean_square, mean, p); return; }
    if (isa == CK_ISA_AVX2) { ck_centered_rmsprop_step_avx2(count, theta, g, mean_square, mean, p); return; }
#endif
    (void)isa;
    ck_centered_rmsprop_step_portable(count, theta, g, mean_square, mean, p);
}

static float flush(float x) { return fabsf(x) < 0x1p-126f ? 0.0f : x; }

void ck_adam_step_reference(long count, float *theta, const float *g, float *m, float *v,
                            const ck_adam_parameters *p) {
    for (long i = 0; i < count; i++) {
        theta[i] -= p->learning_rate * p->decoupled_weight_decay * theta[i];
        m[i] = flush(p->beta1 * m[i] + (1 - p->beta1) * g[i]);
        v[i] = flush(p->beta2 * v[i] + (1 - p->beta2) * g[i] * g[i]);
        float m_hat = m[i] / p->correction1, v_hat = v[i] / p->correction2;
        theta[i] -= p->learning_rate * m_hat / (sqrtf(v_hat) + p->epsilon);
    }
}

void ck_rmsprop_step_reference(long count, float *theta, const float *g, float *mean_square,
                               const ck_rmsprop_parameters *p) {
    for (long i = 0; i < count; i++) {
        mean_square[i] = flush(p->decay * mean_square[i] + (1 - p->decay) * g[i] * g[i]);
        float denominator = p->epsilon_inside ? sqrtf(mean_square[i] + p->epsilon) : sqrtf(mean_square[i]) + p->epsilon;
        theta[i] -= p->learning_rate * g[i] / denominator;
    }
}

void ck_centered_rmsprop_step_reference(long count, float *theta, const float *g, float *mean_square, float *mean,
                                        const ck_rmsprop_parameters *p) {
    for (long i = 0; i < count; i++) {
        mean_square[i] = flush(p->decay * mean_square[i] + (1 - p->decay) * g[i] * g[i]);
        mean[i] = flush(p->decay * mean[i] + (1 - p->decay) * g[i]);
        float variance = mean_square[i] - mean[i] * mean[i];
        float denominator = p->epsilon_inside ? sqrtf(variance + p->epsilon) : sqrtf(fmaxf(variance, 0)) + p->epsilon;
        theta[i] -= p->learning_rate * g[i] / denominator;
    }
}
