// The fused optimizer steps' variants (internal to CKernels).
#ifndef CK_OPTIMIZER_KERNELS_H
#define CK_OPTIMIZER_KERNELS_H

#include "SgemmKernels.h"

#define CK_OPTIMIZER_VARIANTS(suffix)                                                                   \
    void ck_adam_step_##suffix(long, float *restrict, const float *restrict, float *restrict,          \
                               float *restrict, const ck_adam_parameters *);                           \
    void ck_rmsprop_step_##suffix(long, float *restrict, const float *restrict, float *restrict,       \
                                  const ck_rmsprop_parameters *);                                      \
    void ck_centered_rmsprop_step_##suffix(long, float *restrict, const float *restrict, float *restrict, \
                                           float *restrict, const ck_rmsprop_parameters *);

CK_OPTIMIZER_VARIANTS(portable)
#if CK_X86
CK_OPTIMIZER_VARIANTS(avx2)
CK_OPTIMIZER_VARIANTS(avx512)
#endif

#endif
