// The template of the fused optimizer steps: each goes through a parameter, its gradient and
// its state once, in one loop the compiler vectorizes for the includer's instruction set.
// The includer defines
//   CK_SUFFIX  the variant's name suffix, e.g. avx512
//   CK_TARGET  the functions' target attribute, or nothing
//
// Running averages that decay towards 0 are flushed to 0 once subnormal: the CPU computes
// subnormals about a hundred times slower, and values that small change no step.
//
// No multiply-add is fused: each operation rounds as the rules are written, so that every
// variant gives the bits of the reference (and of Algorithm 1 written out one element at a
// time); a step is bound by memory traffic, so fusing would not make it faster.
#pragma clang fp contract(off)

#define CK_FLUSH(x) (__builtin_fabsf(x) < 0x1p-126f ? 0.0f : (x))

/// Adam (Kingma & Ba 2015, Algorithm 1), with AdamW's decoupled decay (Loshchilov & Hutter 2019).
CK_TARGET void CK_CONCAT(ck_adam_step_, CK_SUFFIX)(long count, float *restrict theta, const float *restrict g,
                                                   float *restrict m, float *restrict v, const ck_adam_parameters *p) {
    const float lr = p->learning_rate, b1 = p->beta1, b2 = p->beta2, eps = p->epsilon;
    const float decay = lr * p->decoupled_weight_decay, c1 = p->correction1, c2 = p->correction2;
    for (long i = 0; i < count; i++) {
        float x = theta[i] - decay * theta[i];
        float mi = CK_FLUSH(b1 * m[i] + (1 - b1) * g[i]);
        float vi = CK_FLUSH(b2 * v[i] + (1 - b2) * g[i] * g[i]);
        m[i] = mi;
        v[i] = vi;
        theta[i] = x - lr * (mi / c1) / (__builtin_sqrtf(vi / c2) + eps);
    }
}

/// RMSProp (Tieleman & Hinton 2012), ε inside or outside the square root.
CK_TARGET void CK_CONCAT(ck_rmsprop_step_, CK_SUFFIX)(long count, float *restrict theta, const float *restrict g,
                                                      float *restrict mean_square, const ck_rmsprop_parameters *p) {
    const float lr = p->learning_rate, rho = p->decay, eps = p->epsilon;
    if (p->epsilon_inside) {
        for (long i = 0; i < count; i++) {
            float s = CK_FLUSH(rho * mean_square[i] + (1 - rho) * g[i] * g[i]);
            mean_square[i] = s;
            theta[i] -= lr * g[i] / __builtin_sqrtf(s + eps);
        }
    } else {
        for (long i = 0; i < count; i++) {
            float s = CK_FLUSH(rho * mean_square[i] + (1 - rho) * g[i] * g[i]);
            mean_square[i] = s;
            theta[i] -= lr * g[i] / (__builtin_sqrtf(s) + eps);
        }
    }
}

/// Centered RMSProp without momentum (Graves 2013, eqs. 38–41; DQN's optimizer).
CK_TARGET void CK_CONCAT(ck_centered_rmsprop_step_, CK_SUFFIX)(long count, float *restrict theta, const float *restrict g,
                                                               float *restrict mean_square, float *restrict mean,
                                                               const ck_rmsprop_parameters *p) {
    const float lr = p->learning_rate, rho = p->decay, eps = p->epsilon;
    if (p->epsilon_inside) {
        for (long i = 0; i < count; i++) {
            float s = CK_FLUSH(rho * mean_square[i] + (1 - rho) * g[i] * g[i]);
            float a = CK_FLUSH(rho * mean[i] + (1 - rho) * g[i]);
            mean_square[i] = s;
            mean[i] = a;
            theta[i] -= lr * g[i] / __builtin_sqrtf(s - a * a + eps);
        }
    } else {
        for (long i = 0; i < count; i++) {
            float s = CK_FLUSH(rho * mean_square[i] + (1 - rho) * g[i] * g[i]);
            float a = CK_FLUSH(rho * mean[i] + (1 - rho) * g[i]);
            mean_square[i] = s;
            mean[i] = a;
            float variance = s - a * a;
            theta[i] -= lr * g[i] / (__builtin_sqrtf(variance > 0 ? variance : 0) + eps);
        }
    }
}

#undef CK_FLUSH
